import type { Mail } from './mailer.ts';

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

export interface MailContent {
  /** « Bonjour Daniel, » — or « Bonjour, » when the name is unknown. */
  firstName?: string;
  paragraphs: string[];
  link?: { url: string; label: string };
}

const FOOTER = 'Ce message est envoyé automatiquement par Chorale : merci de ne pas y répondre.';

/** Every Chorale mail: French, text and HTML with the same content, values escaped, absolute links. */
export function composeMail(to: string, subject: string, content: MailContent): Mail {
  const greeting = content.firstName ? `Bonjour ${content.firstName},` : 'Bonjour,';
  const text = [greeting, '', ...content.paragraphs.flatMap((p) => [p, ''])];
  if (content.link) text.push(`${content.link.label} : ${content.link.url}`, '');
  text.push('--', FOOTER);
  const html = [
    '<!doctype html><html lang="fr"><body style="font-family:Arial,sans-serif;color:#1e1e1e">',
    `<p>${escapeHtml(greeting)}</p>`,
    ...content.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    content.link ? `<p><a href="${escapeHtml(content.link.url)}">${escapeHtml(content.link.label)}</a></p>` : '',
    `<hr><p style="font-size:12px;color:#666">${escapeHtml(FOOTER)}</p></body></html>`,
  ].join('');
  return { to, subject, text: text.join('\n'), html };
}
