/** Every collection of the product, in the order the admin navigation shows them. */
import type { CollectionConfig } from 'payload'

import { Users } from './Users'

export const collections: CollectionConfig[] = [Users]
