/** Every collection of the product, in the order the admin navigation shows them. */
import type { CollectionConfig } from 'payload'

import { AuditEvents } from './AuditEvents'
import { Controllers } from './Controllers'
import { HelpPages } from './HelpPages'
import { Licenses } from './Licenses'
import { LockLeases } from './LockLeases'
import { Media } from './Media'
import { News } from './News'
import { NewsDeliveries } from './NewsDeliveries'
import { OptionTerms } from './OptionTerms'
import { Options } from './Options'
import { Orders } from './Orders'
import { Payments } from './Payments'
import { RateLimitCounters } from './RateLimitCounters'
import { RevocationLists } from './RevocationLists'
import { RootKeys } from './RootKeys'
import { SigningKeys } from './SigningKeys'
import { Users } from './Users'

export const collections: CollectionConfig[] = [Users, Controllers, Orders, Payments, Licenses, Options, OptionTerms, SigningKeys, RootKeys, RevocationLists, AuditEvents, News, Media, NewsDeliveries, HelpPages, RateLimitCounters, LockLeases]
