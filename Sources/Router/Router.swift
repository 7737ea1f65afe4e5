// The Router module will hold the routing decision, the forwarding proxy and redirect mode
// (ARCHITECTURE §4, issue 6). Nothing lives here yet.
