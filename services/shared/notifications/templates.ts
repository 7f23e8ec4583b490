/**
 * The words of every notification, per template and language, in one place. A notification row stores
 * its template name, its language and a payload of non-personal facts (order id, reason code, carrier,
 * tracking number, amounts); the dispatcher renders it when it sends, so a corrected wording also
 * reaches the rows still waiting. Greetings are generic on purpose: no name is stored, none is needed.
 *
 * Interpolation is `{{name}}` and nothing else (no expressions, no HTML: emails are plain text); a
 * missing value renders as an empty string and line breaks are removed from values, so a payload can
 * never add a header line to a subject.
 */

export const LANGUAGES = ['en', 'de', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Customers have no language column: the country of their home address decides, English otherwise. */
const COUNTRY_LANGUAGE: Readonly<Record<string, Language>> = {
  DE: 'de',
  AT: 'de',
  CH: 'de',
  LI: 'de',
  FR: 'fr',
  BE: 'fr',
  LU: 'fr',
  MC: 'fr',
};

export function languageForCountry(country: string | null | undefined): Language {
  return COUNTRY_LANGUAGE[(country ?? '').toUpperCase()] ?? 'en';
}

export function asLanguage(value: string | null | undefined): Language {
  return (LANGUAGES as readonly string[]).includes(value ?? '') ? (value as Language) : 'en';
}

/** The order and return templates; `alert.*` rows carry their own subject and text (docs/notifications.md). */
export const ORDER_TEMPLATES = [
  'order.confirmed',
  'order.held',
  'order.cancelled',
  'order.shipped',
  'order.delivered',
  'return.approved',
  'return.rejected',
  'return.refunded',
  'return.negative',
] as const;
export type OrderTemplate = (typeof ORDER_TEMPLATES)[number];

/**
 * Templates that never reach the customer. `order.held`: a hold is a fraud review, and telling the
 * customer would tell a fraudster; the review teams receive it by webhook. `return.negative` goes to
 * SUPPORT_EMAIL and webhooks (services/oms-consumer/outbox.ts).
 */
const INTERNAL_TEMPLATES: readonly OrderTemplate[] = ['order.held', 'return.negative'];

/** The templates a customer is emailed about: every order template that is not internal. */
export const CUSTOMER_TEMPLATES: ReadonlySet<string> = new Set<OrderTemplate>(
  ORDER_TEMPLATES.filter((t) => !INTERNAL_TEMPLATES.includes(t)),
);

interface Wording {
  subject: string;
  text: string;
}

const SIGN_OFF: Record<Language, string> = {
  en: '\n\nMyGreatCompany',
  de: '\n\nIhr MyGreatCompany-Team',
  fr: "\n\nL'équipe MyGreatCompany",
};

const WORDING: Record<Language, Record<OrderTemplate, Wording>> = {
  en: {
    'order.confirmed': {
      subject: 'Your order {{orderId}} is confirmed',
      text: 'Thank you for your order {{orderId}}. It is confirmed and will be packed soon..',
    },
    'order.held': {
      subject: 'Order {{orderId}} is held for review',
      text: 'Order {{orderId}} is on hold for a manual review before it is confirmed.',
    },
    'order.cancelled': {
      subject: 'Your order {{orderId}} was cancelled',
      text: 'We are sorry: your order {{orderId}} was cancelled ({{reasonText}}). Any payment authorization has been released.',
    },
    'order.shipped': {
      subject: 'Your order {{orderId}} is on its way',
      text: 'Your order {{orderId}} has been handed to {{carrier}}. Tracking number: {{trackingNumber}}.',
    },
    'order.delivered': {
      subject: 'Your order {{orderId}} was delivered',
      text: 'Your order {{orderId}} was delivered. We hope you enjoy it.',
    },
    'return.approved': {
      subject: 'Your return for order {{orderId}} is approved',
      text: 'We have approved the return of order {{orderId}} ({{reasonText}}).',
    },
    'return.rejected': {
      subject: 'Your return for order {{orderId}} could not be accepted',
      text: 'We could not accept the return of order {{orderId}}: {{reasonText}}.',
    },
    'return.refunded': {
      subject: 'Your refund for order {{orderId}}',
      text: 'We have refunded {{refundAmount}} EUR for order {{orderId}}. It may take a few days to appear on your statement.',
    },
    'return.negative': {
      subject: 'Return for order {{orderId}} needs follow-up',
      text: "The customer's return comment on order {{orderId}} reads negative ({{reasonText}}). Please follow up.",
    },
  },
  de: {
    'order.confirmed': {
      subject: 'Ihre Bestellung {{orderId}} ist bestätigt',
      text: 'Vielen Dank für Ihre Bestellung {{orderId}}. Sie ist bestätigt und wird bald verpackt..',
    },
    'order.held': {
      subject: 'Bestellung {{orderId}} wird geprüft',
      text: 'Die Bestellung {{orderId}} wird vor der Bestätigung manuell geprüft.',
    },
    'order.cancelled': {
      subject: 'Ihre Bestellung {{orderId}} wurde storniert',
      text: 'Es tut uns leid: Ihre Bestellung {{orderId}} wurde storniert ({{reasonText}}). Eine Zahlungsautorisierung wurde freigegeben.',
    },
    'order.shipped': {
      subject: 'Ihre Bestellung {{orderId}} ist unterwegs',
      text: 'Ihre Bestellung {{orderId}} wurde an {{carrier}} übergeben. Sendungsnummer: {{trackingNumber}}.',
    },
    'order.delivered': {
      subject: 'Ihre Bestellung {{orderId}} wurde zugestellt',
      text: 'Ihre Bestellung {{orderId}} wurde zugestellt. Viel Freude damit!',
    },
    'return.approved': {
      subject: 'Ihre Rücksendung zu {{orderId}} ist genehmigt',
      text: 'Wir haben die Rücksendung der Bestellung {{orderId}} genehmigt ({{reasonText}}).',
    },
    'return.rejected': {
      subject: 'Ihre Rücksendung zu {{orderId}} konnte nicht angenommen werden',
      text: 'Wir konnten die Rücksendung der Bestellung {{orderId}} nicht annehmen: {{reasonText}}.',
    },
    'return.refunded': {
      subject: 'Ihre Erstattung zu {{orderId}}',
      text: 'Wir haben {{refundAmount}} EUR für die Bestellung {{orderId}} erstattet. Die Gutschrift kann einige Tage dauern.',
    },
    'return.negative': {
      subject: 'Rücksendung zu {{orderId}}: bitte nachfassen',
      text: 'Der Rücksendekommentar zur Bestellung {{orderId}} ist negativ ({{reasonText}}). Bitte nachfassen.',
    },
  },
  fr: {
    'order.confirmed': {
      subject: 'Votre commande {{orderId}} est confirmée',
      text: 'Merci pour votre commande {{orderId}}. Elle est confirmée et sera bientôt préparée..',
    },
    'order.held': {
      subject: 'La commande {{orderId}} est en cours de vérification',
      text: 'La commande {{orderId}} est en attente de vérification avant confirmation.',
    },
    'order.cancelled': {
      subject: 'Votre commande {{orderId}} a été annulée',
      text: "Nous sommes désolés : votre commande {{orderId}} a été annulée ({{reasonText}}). L'autorisation de paiement a été levée.",
    },
    'order.shipped': {
      subject: 'Votre commande {{orderId}} est en route',
      text: 'Votre commande {{orderId}} a été remise à {{carrier}}. Numéro de suivi : {{trackingNumber}}.',
    },
    'order.delivered': {
      subject: 'Votre commande {{orderId}} a été livrée',
      text: 'Votre commande {{orderId}} a été livrée. Nous espérons qu’elle vous plaira.',
    },
    'return.approved': {
      subject: 'Votre retour pour la commande {{orderId}} est accepté',
      text: 'Nous avons accepté le retour de la commande {{orderId}} ({{reasonText}}).',
    },
    'return.rejected': {
      subject: 'Votre retour pour la commande {{orderId}} ne peut être accepté',
      text: 'Nous ne pouvons pas accepter le retour de la commande {{orderId}} : {{reasonText}}.',
    },
    'return.refunded': {
      subject: 'Votre remboursement pour la commande {{orderId}}',
      text: 'Nous avons remboursé {{refundAmount}} EUR pour la commande {{orderId}}. Le crédit peut prendre quelques jours.',
    },
    'return.negative': {
      subject: 'Retour de la commande {{orderId}} : suivi nécessaire',
      text: "Le commentaire de retour de la commande {{orderId}} est négatif ({{reasonText}}). Merci d'assurer le suivi.",
    },
  },
};

/** Reason codes (cancel reasons, return reasons, return rejections) in words; unknown codes stay codes. */
const REASONS: Record<Language, Record<string, string>> = {
  en: {
    validation_failed: 'the order could not be validated',
    payment_declined: 'the payment was declined',
    out_of_stock: 'an item is out of stock',
    fraud_suspected: 'it did not pass our security checks',
    customer_request: 'at your request',
    review_rejected: 'it did not pass our review',
    review: 'review',
    damaged: 'damaged item',
    wrong_item: 'wrong item',
    not_as_described: 'not as described',
    changed_mind: 'changed mind',
    late_delivery: 'late delivery',
    other: 'other reason',
    outside_return_window: 'the return period has ended',
    not_delivered: 'the order has not been delivered yet',
  },
  de: {
    validation_failed: 'die Bestellung war unvollständig',
    payment_declined: 'die Zahlung wurde abgelehnt',
    out_of_stock: 'ein Artikel ist nicht vorrätig',
    fraud_suspected: 'sie hat unsere Sicherheitsprüfung nicht bestanden',
    customer_request: 'auf Ihren Wunsch',
    review_rejected: 'sie hat unsere Prüfung nicht bestanden',
    review: 'Prüfung',
    damaged: 'beschädigter Artikel',
    wrong_item: 'falscher Artikel',
    not_as_described: 'nicht wie beschrieben',
    changed_mind: 'nicht mehr gewünscht',
    late_delivery: 'verspätete Lieferung',
    other: 'sonstiger Grund',
    outside_return_window: 'die Rückgabefrist ist abgelaufen',
    not_delivered: 'die Bestellung wurde noch nicht zugestellt',
  },
  fr: {
    validation_failed: "la commande n'a pas pu être validée",
    payment_declined: 'le paiement a été refusé',
    out_of_stock: "un article n'est plus en stock",
    fraud_suspected: "elle n'a pas passé nos contrôles de sécurité",
    customer_request: 'à votre demande',
    review_rejected: "elle n'a pas passé notre vérification",
    review: 'vérification',
    damaged: 'article endommagé',
    wrong_item: 'mauvais article',
    not_as_described: 'non conforme à la description',
    changed_mind: "changement d'avis",
    late_delivery: 'livraison tardive',
    other: 'autre raison',
    outside_return_window: 'le délai de retour est dépassé',
    not_delivered: "la commande n'a pas encore été livrée",
  },
};

export type Payload = Record<string, unknown>;

/** `{{name}}` → the value as one line of text; nothing else is interpreted. */
export function interpolate(template: string, values: Payload): string {
  return template.replace(/\{\{\s*([a-zA-Z0-9_]+)\s*\}\}/g, (_, name: string) => {
    const v = values[name];
    if (v === null || v === undefined || typeof v === 'object') return '';
    return String(v)
      .replace(/[\r\n\u2028\u2029]+/g, ' ')
      .slice(0, 500);
  });
}

export interface RenderedMessage {
  subject: string;
  text: string;
}

/**
 * The subject and text of a notification. `alert.*` rows bring their own (`payload.subject`,
 * `payload.text`); an unknown template renders a neutral message naming it rather than failing.
 */
export function renderNotification(
  template: string,
  language: string | null | undefined,
  payload: Payload,
): RenderedMessage {
  const lang = asLanguage(language);
  if (template.startsWith('alert.')) {
    return {
      subject: interpolate('{{subject}}', payload) || `[OMS] ${template}`,
      text: typeof payload.text === 'string' ? payload.text : template,
    };
  }
  const wording = (WORDING[lang] as Record<string, Wording>)[template];
  if (!wording) {
    return {
      subject: interpolate(`{{orderId}} ${template}`, payload).trim(),
      text: `${template}\n\n${JSON.stringify(payload)}`,
    };
  }
  const reason = typeof payload.reason === 'string' ? payload.reason : '';
  const values = { ...payload, reasonText: REASONS[lang][reason] ?? REASONS.en[reason] ?? reason };
  return {
    subject: interpolate(wording.subject, values),
    text: interpolate(wording.text, values) + SIGN_OFF[lang],
  };
}
