import { builder } from '../builder.ts';
import './node.ts';
import './reason.ts';
import './ring.ts';
import './membership.ts';
import './account.ts';
import './merchant.ts';
import './audit.ts';
import './search.ts';
import './graph.ts';
import './saved-query.ts';
import './alert.ts';

export const schema = builder.toSchema({ sortSchema: true });
