// Package frontend holds the built web application, embedded into the server binary.
package frontend

import "embed"

// Dist is the output of `npm run build` (Vite), served at / by the API router.
//
//go:embed all:dist
var Dist embed.FS
