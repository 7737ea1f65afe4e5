// The Directory module will hold the `UserDirectory` protocol and its LDAP, Active Directory,
// SQL and Unix plugins with a caching layer (ARCHITECTURE §7, issue 3). Nothing lives here yet.
