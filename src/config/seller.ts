/** The seller on every bill (bank transfer details), from configuration; demo defaults otherwise. */
export interface Seller {
  name: string
  address: string
  vatId: string
  bankName: string
  iban: string
  bic: string
  accountHolder: string
}

export function seller(): Seller {
  const env = process.env
  return {
    name: env.SELLER_NAME || 'PUMOTIX LLC (demo seller)',
    address: env.SELLER_ADDRESS || '12 Industrialnaya St., Moscow 115088, Russia',
    vatId: env.SELLER_VAT_ID || 'RU7701234567',
    bankName: env.SELLER_BANK_NAME || 'Demo Bank',
    iban: env.SELLER_IBAN || 'RU00 0000 0000 0000 0000 0000 000',
    bic: env.SELLER_BIC || 'DEMOBIC0XXX',
    accountHolder: env.SELLER_ACCOUNT_HOLDER || env.SELLER_NAME || 'PUMOTIX LLC',
  }
}

/** Days a customer has to pay a bill. */
export const paymentTermDays = () => Number(process.env.PAYMENT_TERM_DAYS || 14)
