import { COUNTRIES } from '../../shared/domain/geography.ts';
import { byText } from './format.ts';

/** The countries the shop ships to, by English name (the same list the API's VAT rules use). */
export const SHIPPING_COUNTRIES = [...COUNTRIES]
  .map((c) => ({ code: c.code, name: c.name }))
  .sort(byText((c) => c.name));

export function countryName(code: string): string {
  return SHIPPING_COUNTRIES.find((c) => c.code === code)?.name ?? code;
}
