import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mailtoFromArgv, parseMailto, type MailtoDraft } from './mailto';

const empty: MailtoDraft = { to: [], cc: [], bcc: [], subject: '', body: '' };

function draftOf(url: string): MailtoDraft {
  const result = parseMailto(url);
  if (!result.ok) throw new Error(`refused ${url}: ${result.problem}`);
  return result.draft;
}

function problemOf(url: string): string {
  const result = parseMailto(url);
  if (result.ok) throw new Error(`accepted ${url}`);
  return result.problem;
}

describe('parseMailto: the examples of RFC 6068 §6', () => {
  it('reads a plain address', () => {
    expect(draftOf('mailto:chris@example.com')).toEqual({ ...empty, to: ['chris@example.com'] });
  });

  it('reads subject and body, with %0D%0A line ends as \\n', () => {
    expect(draftOf('mailto:infobot@example.com?subject=current-issue').subject).toBe('current-issue');
    expect(draftOf('mailto:infobot@example.com?body=send%20current-issue%0D%0Asend%20index').body).toBe(
      'send current-issue\nsend index',
    );
  });

  it('ignores header fields a composer does not show, and says which', () => {
    const result = parseMailto('mailto:list@example.org?In-Reply-To=%3C3469A91.D10AF4C@example.com%3E');
    expect(result).toEqual({
      ok: true,
      draft: { ...empty, to: ['list@example.org'] },
      ignored: ['in-reply-to'],
    });
    const blat = parseMailto('mailto:unlikely%3Faddress@example.com?blat=foop');
    expect(blat).toEqual({
      ok: true,
      draft: { ...empty, to: ['unlikely?address@example.com'] },
      ignored: ['blat'],
    });
  });

  it('reads cc beside the body', () => {
    expect(draftOf('mailto:joe@example.com?cc=bob@example.com&body=hello')).toEqual({
      ...empty,
      to: ['joe@example.com'],
      cc: ['bob@example.com'],
      body: 'hello',
    });
  });

  it('decodes percent-encoded local parts, quoted ones included', () => {
    expect(draftOf('mailto:gorby%25kremvax@example.com').to).toEqual(['gorby%kremvax@example.com']);
    expect(draftOf('mailto:Mike%26family@example.org').to).toEqual(['Mike&family@example.org']);
    expect(draftOf('mailto:%22not%40me%22@example.org').to).toEqual(['"not@me"@example.org']);
    expect(draftOf('mailto:%22oh%5C%5Cno%22@example.org').to).toEqual(['"oh\\\\no"@example.org']);
    expect(draftOf("mailto:%22%5C%5C%5C%22it's%5C%20ugly%5C%5C%5C%22%22@example.org").to).toEqual([
      '"\\\\\\"it\'s\\ ugly\\\\\\""@example.org',
    ]);
  });

  it('decodes UTF-8 in subjects and internationalised domains', () => {
    expect(draftOf('mailto:user@example.org?subject=caf%C3%A9').subject).toBe('café');
    // An encoded word stays as written: the composer shows what the link says.
    expect(draftOf('mailto:user@example.org?subject=%3D%3Futf-8%3FQ%3Fcaf%3DC3%3DA9%3F%3D').subject).toBe(
      '=?utf-8?Q?caf=C3=A9?=',
    );
    expect(draftOf('mailto:user@%E7%B4%8D%E8%B1%86.example.org?subject=Test&body=NATTO')).toEqual({
      ...empty,
      to: ['user@納豆.example.org'],
      subject: 'Test',
      body: 'NATTO',
    });
  });

  it('takes several addresses from the path and from to=, in order', () => {
    expect(draftOf('mailto:addr1@an.example,addr2@an.example').to).toEqual([
      'addr1@an.example',
      'addr2@an.example',
    ]);
    expect(draftOf('mailto:?to=addr1@an.example,addr2@an.example').to).toEqual([
      'addr1@an.example',
      'addr2@an.example',
    ]);
    expect(draftOf('mailto:addr1@an.example?to=addr2@an.example&TO=addr3@an.example')).toEqual({
      ...empty,
      to: ['addr1@an.example', 'addr2@an.example', 'addr3@an.example'],
    });
  });
});

describe('parseMailto: our own choices', () => {
  it('accepts an empty link and a link with only a subject', () => {
    expect(draftOf('mailto:')).toEqual(empty);
    expect(draftOf('MAILTO:?Subject=hi')).toEqual({ ...empty, subject: 'hi' });
  });

  it('keeps + as a plus (mailto: is not a form encoding)', () => {
    expect(draftOf('mailto:a+tag@example.org?subject=1+1')).toEqual({
      ...empty,
      to: ['a+tag@example.org'],
      subject: '1+1',
    });
  });

  it('reads bcc and skips empty list items', () => {
    expect(draftOf('mailto:a@x.example,,?bcc=b@x.example,').to).toEqual(['a@x.example']);
    expect(draftOf('mailto:?bcc=b@x.example').bcc).toEqual(['b@x.example']);
  });

  it('refuses other schemes and non-URLs', () => {
    for (const url of ['https://example.org/', 'javascript:alert(1)', 'mailto', 'file:///etc/passwd', '']) {
      expect(problemOf(url), url).toBe('This is not a mailto: link.');
    }
  });

  it('refuses broken percent-encoding and bytes that are not UTF-8', () => {
    expect(problemOf('mailto:a@x.example?subject=%E0%A4%A')).toMatch(/broken percent-encoding/);
    expect(problemOf('mailto:a@x.example?subject=%FF')).toMatch(/broken percent-encoding/);
    expect(problemOf('mailto:a%ZZ@x.example')).toMatch(/broken percent-encoding/);
  });

  it('refuses header injection and control characters', () => {
    expect(problemOf('mailto:a@x.example?subject=hi%0D%0ABcc:%20evil@x.example')).toMatch(/line breaks/);
    expect(problemOf('mailto:a@x.example?body=x%00y')).toMatch(/control characters/);
    expect(problemOf('mailto:a%0A@x.example')).toMatch(/not an address/);
    expect(problemOf('mailto:a@x.example?subject=hi there')).toMatch(/spaces or control characters/);
  });

  it('refuses attach= and friends', () => {
    expect(problemOf('mailto:a@x.example?attach=/etc/passwd')).toMatch(/attach files/);
    expect(problemOf('mailto:a@x.example?Attachment=%2Fhome')).toMatch(/attach files/);
  });

  it('refuses display names, non-addresses and odd field names', () => {
    expect(problemOf('mailto:Joe%20%3Cjoe@x.example%3E')).toMatch(/not an address|display names/);
    expect(problemOf('mailto:joe@x.example?to=%3Cjoe@x.example%3E')).toMatch(/display names/);
    expect(problemOf('mailto:joe')).toMatch(/"joe" is not an address/);
    expect(problemOf('mailto:@x.example')).toMatch(/not an address/);
    expect(problemOf('mailto:joe@')).toMatch(/not an address/);
    expect(problemOf('mailto:joe@-x.example')).toMatch(/not an address/);
    expect(problemOf('mailto:joe@x.example?=v')).toMatch(/not a name=value field/);
    expect(problemOf('mailto:joe@x.example?subject')).toMatch(/not a name=value field/);
    expect(problemOf('mailto:joe@x.example?su%22bject=v')).toMatch(/not a header field name/);
  });

  it('refuses a subject or body given twice, fragments and absurd sizes', () => {
    expect(problemOf('mailto:?subject=a&subject=b')).toMatch(/sets the subject twice/);
    expect(problemOf('mailto:a@x.example#frag')).toMatch(/fragment/);
    expect(problemOf(`mailto:a@x.example?body=${'x'.repeat(70_000)}`)).toBe(
      'The mailto: link is too long to open.',
    );
    const many = Array.from({ length: 101 }, (_, i) => `u${i}@x.example`).join(',');
    expect(problemOf(`mailto:${many}`)).toMatch(/more than 100 recipients/);
    const split = Array.from({ length: 60 }, (_, i) => `u${i}@x.example`).join(',');
    expect(problemOf(`mailto:${split}?cc=${split}`)).toMatch(/more than 100 recipients/);
  });

  it('round-trips any subject and body written with encodeURIComponent', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !/\p{Cc}/u.test(s));
    fc.assert(
      fc.property(text, text, (subject, body) => {
        const url = `mailto:a@x.example?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
        expect(parseMailto(url)).toEqual({
          ok: true,
          draft: { ...empty, to: ['a@x.example'], subject, body },
          ignored: [],
        });
      }),
      { numRuns: 200 },
    );
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (tail) => {
        const result = parseMailto(`mailto:${tail}`);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});

describe('mailtoFromArgv', () => {
  it('finds the mailto: argument among the launch arguments', () => {
    expect(mailtoFromArgv(['/opt/Mailwright/mailwright', '--no-sandbox', 'MailTo:a@x.example'])).toBe(
      'MailTo:a@x.example',
    );
    expect(mailtoFromArgv(['/usr/bin/electron', '.'])).toBeUndefined();
  });
});
