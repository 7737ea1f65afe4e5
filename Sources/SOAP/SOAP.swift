// The SOAP module will hold the envelope codec (libxml2 SAX), the operation messages, the WSDL
// and the signed session tokens shared by node, router and client (ARCHITECTURE §4–§5, issue 5).
// Nothing lives here yet.
