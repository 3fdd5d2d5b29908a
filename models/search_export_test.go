package models

// SearchIndexes turns the text search indexes off (the plain LIKE scan), for
// the test that compares the two.
var SearchIndexes = &searchIndexes
