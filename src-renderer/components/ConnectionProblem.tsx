const TEXT = {
  'no-token': {
    title: 'This address is missing its key',
    body: 'Open the full address that "npm run web" printed, including the part after #token=.',
  },
  refused: {
    title: 'Mailwright refused the connection',
    body: 'The key in this address is not the current one; open the address "npm run web" printed this time.',
  },
  closed: {
    title: 'The connection to Mailwright was lost',
    body: 'Check that "npm run web" is still running, then reload this page.',
  },
} as const;

export function ConnectionProblem({ reason }: { reason: keyof typeof TEXT }) {
  const { title, body } = TEXT[reason];
  return (
    <main className="problem">
      <section role="alert" aria-labelledby="problem-title" className="problem-card">
        <h1 id="problem-title">{title}</h1>
        <p className="muted">{body}</p>
      </section>
    </main>
  );
}
