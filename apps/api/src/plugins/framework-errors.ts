import type { Socket } from 'node:net';
import { attachmentLimits } from '@chorale/domain';
import type { ErrorBody } from '@chorale/contracts';

/**
 * What Fastify, its multipart plugin and Node's HTTP parser refuse before our code runs, told in
 * the app's one error shape with a French message that says what really went wrong (issue 15
 * defect 15: they answered `{"error":"Bad Request","code":"FST_…"}` or a vague « mal formée »).
 */
export interface FrameworkProblem {
  status: number;
  code: ErrorBody['error']['code'];
  message: string;
}

const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} Mo`;

export const BODY_LIMIT_BYTES = 1024 * 1024;
// A field up to 64 KB reaches its schema, which names its own maximum; beyond, the parser cuts it.
export const multipartLimits = { files: 1, fields: 10, parts: 12, fieldSize: 64 * 1024 };

const byCode: Record<string, FrameworkProblem> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'VALIDATION_FAILED',
    message: 'Le corps de la requête n’est pas un JSON valide : vérifiez guillemets, virgules et accolades.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'VALIDATION_FAILED',
    message: 'Le corps de la requête est vide alors que l’en-tête Content-Type annonce du JSON.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Ce type de contenu n’est pas accepté : envoyez du JSON (application/json) ou un formulaire multipart.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'VALIDATION_FAILED',
    message: 'La longueur annoncée (Content-Length) ne correspond pas au corps de la requête envoyé.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    message: `La requête dépasse la taille autorisée (${megabytes(BODY_LIMIT_BYTES)} ; un fichier se dépose en pièce jointe, jusqu’à ${megabytes(attachmentLimits.fileMaxBytes)}).`,
  },
  FST_ERR_BAD_URL: {
    status: 400,
    code: 'VALIDATION_FAILED',
    message: 'L’adresse demandée contient un caractère mal encodé (séquence « % » invalide).',
  },
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 414,
    code: 'URI_TOO_LONG',
    message: 'L’adresse demandée est trop longue : un identifiant n’y dépasse pas 100 caractères.',
  },
  FST_REQ_FILE_TOO_LARGE: {
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    message: `Un fichier ne doit pas dépasser ${megabytes(attachmentLimits.fileMaxBytes)}.`,
  },
  FST_FILES_LIMIT: {
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    message: 'Envoyez un seul fichier à la fois.',
  },
  FST_FIELDS_LIMIT: {
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    message: `Le formulaire contient trop de champs (au plus ${multipartLimits.fields}).`,
  },
  FST_PARTS_LIMIT: {
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    message: `Le formulaire contient trop de parties (au plus ${multipartLimits.parts} : les champs et un fichier).`,
  },
  FST_INVALID_MULTIPART_CONTENT_TYPE: {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Envoyez le fichier dans un formulaire multipart (multipart/form-data).',
  },
  FST_MP_PREMATURE_CLOSE: {
    status: 400,
    code: 'VALIDATION_FAILED',
    message: 'Le formulaire envoyé est incomplet (l’envoi a été interrompu) : envoyez à nouveau le fichier.',
  },
  FST_PROTO_VIOLATION: {
    status: 400,
    code: 'VALIDATION_FAILED',
    message: 'Le formulaire contient un nom de champ interdit.',
  },
};

/** The problem for an error Fastify or a plugin raised, or null for any other error. */
export function frameworkProblem(error: { code?: string; statusCode?: number }): FrameworkProblem | null {
  return (error.code && byCode[error.code]) || null;
}

/** A multipart body that stops before its closing boundary (upload cut off, forged request). */
export const truncatedUpload: FrameworkProblem = {
  status: 400,
  code: 'VALIDATION_FAILED',
  message: 'Le formulaire envoyé est incomplet (l’envoi a été interrompu) : envoyez à nouveau le fichier.',
};

const socketProblems: Record<string, { status: number; code: FrameworkProblem['code']; message: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    code: 'VALIDATION_FAILED',
    message: 'La requête n’est pas arrivée entière dans le temps imparti : réessayez.',
  },
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'VALIDATION_FAILED',
    message: 'L’adresse ou les en-têtes de la requête sont trop longs.',
  },
};

/**
 * Errors Node's HTTP parser meets before Fastify sees a request (headers too long, timeout,
 * garbage): the same JSON shape is written on the socket, then it is closed.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const p = (err.code && socketProblems[err.code]) || {
    status: 400,
    code: 'VALIDATION_FAILED' as const,
    message: 'La requête HTTP est mal formée et n’a pas pu être lue.',
  };
  const body = JSON.stringify({ error: { code: p.code, message: p.message } } satisfies ErrorBody);
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${p.status} ${p.status === 408 ? 'Request Timeout' : p.status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy(err);
}
