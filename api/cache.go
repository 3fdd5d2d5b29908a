package api

import (
	"bytes"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"jobfair/handlers"
	"jobfair/models"
)

// answerCache keeps the JSON answers of the routes marked Cached, per caller
// and URL, for as long as nothing is written: a write through this process
// moves the store's generation and every kept answer is stale from then on.
// Other processes' writes (another instance, a command) are not seen, so an
// answer is also kept at most answerCacheAge, by the wall clock and by the
// store's clock (on which "today" and the calendar progress depend).
type answerCache struct {
	store *models.Store
	mu    sync.Mutex
	kept  map[string]keptAnswer
	bytes int
}

type keptAnswer struct {
	gen         uint64
	at, clockAt time.Time
	contentType string
	body        []byte
}

const (
	answerCacheAge   = time.Second
	answerCacheBytes = 32 << 20  // all answers together
	answerMaxBytes   = 512 << 10 // one answer
)

func newAnswerCache(store *models.Store) *answerCache {
	return &answerCache{store: store, kept: make(map[string]keptAnswer)}
}

func (a *answerCache) get(key string, gen uint64) (keptAnswer, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	k, ok := a.kept[key]
	if !ok || k.gen != gen || time.Since(k.at) >= answerCacheAge {
		return keptAnswer{}, false
	}
	if d := a.store.Now().Sub(k.clockAt); d < 0 || d >= answerCacheAge {
		return keptAnswer{}, false
	}
	return k, true
}

func (a *answerCache) put(key string, k keptAnswer) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if old, ok := a.kept[key]; ok {
		a.bytes -= len(old.body)
	}
	if a.bytes+len(k.body) > answerCacheBytes {
		a.kept, a.bytes = make(map[string]keptAnswer), 0
	}
	a.kept[key] = k
	a.bytes += len(k.body)
}

// serve answers from what is kept, or runs the handler and keeps a 200 JSON
// answer read under one generation.
func (a *answerCache) serve() gin.HandlerFunc {
	return func(c *gin.Context) {
		var user int64
		if u := handlers.UserOf(c); u != nil {
			user = u.ID
		}
		key := strconv.FormatInt(user, 10) + " " + c.Request.URL.RequestURI()
		gen := a.store.Generation()
		if k, ok := a.get(key, gen); ok {
			c.Data(http.StatusOK, k.contentType, k.body)
			c.Abort()
			return
		}
		w := &keepingWriter{ResponseWriter: c.Writer}
		c.Writer = w
		at, clockAt := time.Now(), a.store.Now()
		c.Next()
		c.Writer = w.ResponseWriter
		if w.Status() == http.StatusOK && !w.tooBig && a.store.Generation() == gen {
			a.put(key, keptAnswer{gen: gen, at: at, clockAt: clockAt,
				contentType: w.Header().Get("Content-Type"), body: w.buf.Bytes()})
		}
	}
}

// keepingWriter copies what the handler writes, up to answerMaxBytes.
type keepingWriter struct {
	gin.ResponseWriter
	buf    bytes.Buffer
	tooBig bool
}

func (w *keepingWriter) Write(b []byte) (int, error) {
	if !w.tooBig {
		if w.buf.Len()+len(b) > answerMaxBytes {
			w.tooBig = true
			w.buf = bytes.Buffer{}
		} else {
			w.buf.Write(b)
		}
	}
	return w.ResponseWriter.Write(b)
}

func (w *keepingWriter) WriteString(s string) (int, error) { return w.Write([]byte(s)) }

// marksWrites moves the store's generation before and after a request that
// may write, so that no answer read while it ran is kept.
func marksWrites(store *models.Store) gin.HandlerFunc {
	return func(c *gin.Context) {
		store.Writing()
		c.Next()
		store.Writing()
	}
}
