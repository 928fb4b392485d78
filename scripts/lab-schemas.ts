/**
 * `npm run lab:schemas` (and postinstall): derives the lab's KubeVirt and CDI schemas from
 * `@kubevirt-ui-ext/kubevirt-api` into node_modules/.cache/edgevirt-lab-schemas, so the
 * first lab start does not wait for the generator. The lab generates them itself if absent.
 */
import { prepareSchemas } from '../lab/schemas/index';

const started = Date.now();
prepareSchemas();
console.log(`lab schemas ready in ${Date.now() - started} ms`);
