import type { Response } from 'express';

/** One invalid field of a request, as listed in a problem+json body. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * Answers with an RFC 9457 problem+json body. `errors` names each bad field so a client can show it
 * next to the right input.
 */
export function sendProblem(
  res: Response,
  status: number,
  title: string,
  detail?: string,
  extra: { errors?: FieldError[]; [key: string]: unknown } = {},
): void {
  res
    .status(status)
    .type('application/problem+json')
    .json({ type: 'about:blank', title, status, ...(detail ? { detail } : {}), ...extra });
}
