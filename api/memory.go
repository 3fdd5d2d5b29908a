package api

import (
	"math"
	"runtime/debug"
	"sync"

	"github.com/gin-gonic/gin"
)

// heapGuard keeps large imports and exports within the server's memory:
// while one runs, the collector gets a soft limit (unless GOMEMLIMIT set one)
// so that the heap does not double on the garbage of 100,000 rows, and when
// the last one ends what was freed goes back to the system at once. The Go
// heap limit is one per process, so the guard is too; the router owns it.
type heapGuard struct {
	mu      sync.Mutex
	limit   int64
	running int
	saved   int64
}

// heavyHeapLimit is the soft limit of the Go heap while heavy requests run.
const heavyHeapLimit = 96 << 20

// bigUpload is the body size from which an upload is guarded.
const bigUpload = 1 << 20

func (g *heapGuard) acquire() (release func()) {
	g.mu.Lock()
	if g.running == 0 {
		g.saved = debug.SetMemoryLimit(-1)
		if g.saved == math.MaxInt64 {
			debug.SetMemoryLimit(g.limit)
		}
	}
	g.running++
	g.mu.Unlock()
	return func() {
		g.mu.Lock()
		g.running--
		last := g.running == 0
		if last {
			debug.SetMemoryLimit(g.saved)
		}
		g.mu.Unlock()
		if last {
			debug.FreeOSMemory()
		}
	}
}

// guardHeap bounds the heap while a heavy route runs; small uploads pass.
func (g *heapGuard) guardHeap(upload bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		if upload && c.Request.ContentLength >= 0 && c.Request.ContentLength < bigUpload {
			c.Next()
			return
		}
		defer g.acquire()()
		c.Next()
	}
}
