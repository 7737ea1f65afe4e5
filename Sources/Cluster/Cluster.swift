// The Cluster module will hold SWIM + Lifeguard membership as a sans-I/O state machine, the
// placement table and the UDP/TCP shell (ARCHITECTURE §3 and §8, issue 4). Nothing lives here yet.
