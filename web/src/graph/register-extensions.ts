import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';

let registered = false;

/** The only `cytoscape.use` calls; safe to call more than once. */
export function registerExtensions(): typeof cytoscape {
  if (!registered) {
    cytoscape.use(fcose);
    registered = true;
  }
  return cytoscape;
}
