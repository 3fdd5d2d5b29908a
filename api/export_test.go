package api

// OpenAPIWith builds the document with other contracts, to test the builder.
var OpenAPIWith = openAPI
