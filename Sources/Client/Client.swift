// The Client module will hold the high-level Swift client API used by the CLI and tests
// (issue 5). Nothing lives here yet.
