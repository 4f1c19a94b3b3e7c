#!/usr/bin/env bash
# Makes a throwaway CA and a server certificate for every test host name, in $1.
# EC P-256 keys: generated in milliseconds, accepted by Node, Dovecot and Postfix alike.
set -euo pipefail
dir="$1"
mkdir -p "$dir"
cd "$dir"
rm -f ca.key ca.crt server.key server.csr server.crt ca.srl dh.pem
openssl req -x509 -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
  -keyout ca.key -out ca.crt -days 7 -subj "/O=Mailwright test harness/CN=Mailwright Test CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  2>/dev/null
openssl req -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
  -keyout server.key -out server.csr -subj "/O=Mailwright test harness/CN=mail.example.test" 2>/dev/null
cat >server.ext <<'EXT'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:mail.example.test,DNS:imap.example.test,DNS:pop.example.test,DNS:smtp.example.test,DNS:mx2.example.test,DNS:localhost,IP:127.0.1.1,IP:127.0.1.2
EXT
openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt \
  -days 7 -extfile server.ext 2>/dev/null
cat server.crt ca.crt >server-chain.crt
# Fixed RFC 7919 group: instant, and Dovecot would otherwise stall generating parameters.
openssl genpkey -genparam -algorithm DH -pkeyopt group:ffdhe2048 -out dh.pem
chmod 0644 ca.crt server.crt server-chain.crt dh.pem
chmod 0600 ca.key server.key
rm -f server.csr ca.srl server.ext
