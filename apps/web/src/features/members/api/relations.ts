import type { Relation } from '@/lib/api-types';

/** The api's relation values, in the order the forms offer them (labels in locales: members.relation.*). */
export const RELATIONS: readonly Relation[] = [
  'resident',
  'former_resident',
  'side_job_professional',
  'theme_owner',
  'coordinator',
  'supporter',
  'other',
];
