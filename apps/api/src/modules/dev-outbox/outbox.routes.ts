import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { formatParisDateTime } from '@chorale/domain';
import type { AppContext } from '../../platform/context.ts';
import { publicRoute } from '../../plugins/access-control.ts';
import { escapeHtml } from '../../platform/mail-template.ts';

const devMailsSchema = z.object({
  mails: z.array(
    z.object({
      id: z.number().int(),
      to: z.string(),
      subject: z.string(),
      text: z.string(),
      html: z.string(),
      createdAt: z.string(),
    }),
  ),
});

/** Links in a text body become clickable; the rest stays text. */
function linkify(text: string): string {
  return escapeHtml(text).replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);
}

/**
 * The development mail outbox: every mail the platform would have sent, newest first. It exists
 * only without SMTP and on a loopback address or with DEV_OUTBOX=true (config.devOutbox): it
 * shows sign-in codes and links to anyone who can reach it.
 */
export const devOutboxRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const latest = () => ctx.db.selectFrom('dev_mails').selectAll().orderBy('id', 'desc').limit(200).execute();

    app.get(
      '/api/dev/outbox',
      {
        ...publicRoute,
        schema: {
          // A development tool, absent once SMTP is configured: not part of the documented API.
          hide: true,
          summary: 'Courriels de la boîte d’envoi de développement',
          response: { 200: devMailsSchema },
        },
      },
      async () => ({
        mails: (await latest()).map((m) => ({
          id: m.id,
          to: m.to_address,
          subject: m.subject,
          text: m.text_body,
          html: m.html_body,
          createdAt: m.created_at,
        })),
      }),
    );

    app.get('/outbox', publicRoute, async (_req, reply) => {
      const mails = await latest();
      const rows = mails
        .map(
          (m) => `<article>
  <h2>${escapeHtml(m.subject)}</h2>
  <dl><dt>Destinataire</dt><dd>${escapeHtml(m.to_address)}</dd><dt>Date</dt><dd><time datetime="${m.created_at}">${formatParisDateTime(m.created_at)}</time></dd></dl>
  <pre>${linkify(m.text_body)}</pre>
</article>`,
        )
        .join('\n');
      reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store');
      return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Boîte d’envoi de développement – Chorale</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1e1e1e}article{border:1px solid #ccc;border-radius:6px;padding:1rem;margin:1rem 0}pre{white-space:pre-wrap;font-family:inherit}dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}</style></head>
<body><h1>Boîte d’envoi de développement</h1>
<p>Aucun serveur SMTP n’est configuré (variable SMTP_URL) : les courriels que Chorale aurait envoyés sont conservés ici, du plus récent au plus ancien. <a href="/">Retour au portail</a></p>
${rows || '<p>Aucun courriel pour le moment.</p>'}
</body></html>`;
    });
  };
