import type { ReturnReason, Sentiment } from '../../domain/vocabulary.ts';

/**
 * Return comments as customers write them, with the sentiment a reader would assign. The seed picks
 * from these so the data shows the spread the sentiment reports need.
 */
export const RETURN_COMMENTS: Readonly<
  Record<ReturnReason, readonly (readonly [string, Sentiment, number])[]>
> = {
  damaged: [
    ['The box was crushed and the item arrived broken. Very disappointed.', 'negative', -0.82],
    ['Arrived with a cracked corner, please send a replacement.', 'negative', -0.41],
    ['Small scratch on the side. Customer service was quick and friendly though.', 'neutral', 0.05],
    ['Unfortunately damaged in transit, but thanks for the easy return process!', 'positive', 0.32],
  ],
  wrong_item: [
    ['I ordered blue and received red. Second time this happens, unacceptable.', 'negative', -0.77],
    ['Wrong size was sent.', 'neutral', -0.1],
    ['Got a different model than pictured. Hoping for a quick exchange.', 'negative', -0.35],
    ['Wrong item, but support sorted it out immediately. Great service.', 'positive', 0.58],
  ],
  not_as_described: [
    ['Material feels cheap, nothing like the photos. Waste of money.', 'negative', -0.86],
    ['Smaller than the description suggested.', 'neutral', -0.15],
    ['Colour is different from the website. Otherwise fine quality.', 'neutral', 0.1],
    ['Not what I expected, but a lovely product for someone else. Returning it.', 'positive', 0.27],
  ],
  changed_mind: [
    ['Changed my mind, no issue with the product itself.', 'neutral', 0.0],
    ['Found a better fit elsewhere. Lovely shop, will order again!', 'positive', 0.71],
    ['Bought it as a gift and they already had one.', 'neutral', 0.02],
    ['Great quality, just not for me. Thanks for the free returns.', 'positive', 0.64],
  ],
  late_delivery: [
    ['Arrived two weeks late, the event was already over. Terrible.', 'negative', -0.9],
    ['Delivery took far longer than promised.', 'negative', -0.52],
    ['Came after I needed it, so sending it back.', 'neutral', -0.12],
  ],
  other: [
    ['Ordered twice by mistake.', 'neutral', 0.0],
    ['Returning as part of a larger exchange, all good.', 'positive', 0.4],
    ['It stopped working after three days. Really annoyed.', 'negative', -0.74],
  ],
};
