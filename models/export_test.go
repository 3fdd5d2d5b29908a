package models

// ComparePassword lets tests watch which hashes a login compares against.
var ComparePassword = &comparePassword
