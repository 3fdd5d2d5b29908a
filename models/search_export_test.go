package models

// SearchIndexes turns the text search indexes off (the plain LIKE scan), for
// the test that compares the two.
var SearchIndexes = &searchIndexes

// SearchScanAbove sets how many matches a page of jobs is read along the
// list's order above, so that tests can take that way with few records.
var SearchScanAbove = &searchScanAbove
