//go:build unix

package bench

import "syscall"

// settle returns once the files written so far are on disk (sync(2)); the
// bench calls it before each timed phase. The data a phase has just built
// (a year of placements and their plain copy, three years of demo: gigabytes
// on PostgreSQL) is otherwise still being written out by the kernel during
// the next phase, on the same two cores: the concurrent writes measured
// 1,785-1,798 a second on PostgreSQL right after the year was built, and
// 2,308-2,321 once it was on disk.
func settle() { syscall.Sync() }
