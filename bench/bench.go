// Package bench is `jobfair bench`: it builds province-scale data, runs the
// server as a child process and drives it over loopback, then prints the
// figures that BENCHMARKS.md reports beside their goals.
package bench

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/gin-gonic/gin"

	"jobfair/models"
	"jobfair/seeds"
)

// benchOptions are the options of `jobfair bench`.
type benchOptions struct {
	DB       string // "" for SQLite in the temporary folder, or a postgres:// URL
	JSON     bool
	Smoke    bool
	Scale    float64
	Duration time.Duration
	Rows     int // rows of the import and export measurements

	ServeBytes, Addr string // the bare handler of the read limit, run as a child process
}

// benchResult holds every figure of one run; the JSON keys are the ones
// BENCHMARKS.md reports.
type benchResult struct {
	Database           string  `json:"database"`
	Scale              float64 `json:"scale"`
	IngestRows         int64   `json:"ingest_rows"`
	IngestRowsPerS     float64 `json:"ingest_rows_per_s"`
	IngestRawRowsPerS  float64 `json:"ingest_raw_rows_per_s"`
	IngestRatio        float64 `json:"ingest_ratio"`
	RollupP50Ms        float64 `json:"rollup_p50_ms"`
	RollupP95Ms        float64 `json:"rollup_p95_ms"`
	Rollup3yP50Ms      float64 `json:"rollup_3y_p50_ms"`
	RollupRawP50Ms     float64 `json:"rollup_raw_p50_ms"`
	WriteRPS           float64 `json:"write_rps"`
	WriteP99Ms         float64 `json:"write_p99_ms"`
	WriteErrors        int64   `json:"write_errors"`
	WriteLost          int64   `json:"write_lost"`
	ReadRPS            float64 `json:"read_rps"`
	ReadP99Ms          float64 `json:"read_p99_ms"`
	ReadLimitRPS       float64 `json:"read_limit_rps"`
	ReadRatio          float64 `json:"read_ratio"`
	CheckinP95Ms       float64 `json:"checkin_p95_ms"`
	ListP95Ms          float64 `json:"list_p95_ms"`
	ListWorst          string  `json:"list_worst"`
	SearchP95Ms        float64 `json:"search_p95_ms"`
	SearchWorst        string  `json:"search_worst"`
	Checkins           int     `json:"checkins"`
	Import100kS        float64 `json:"import_100k_s"`
	Export100kS        float64 `json:"export_100k_s"`
	ImportExportRows   int     `json:"import_export_rows"`
	ServerPeakRSSMb    float64 `json:"server_peak_rss_mb"`
	DemoS              float64 `json:"demo_s"`
	DemoPeakRSSMb      float64 `json:"demo_peak_rss_mb"`
	TotalSeconds       float64 `json:"total_s"`
	secret             string
	placementsAccepted int64
}

func parseBenchFlags(args []string) (benchOptions, error) {
	o := benchOptions{}
	fl := flag.NewFlagSet("bench", flag.ContinueOnError)
	fl.StringVar(&o.DB, "db", "", "postgres:// URL to run on PostgreSQL (default: SQLite in a temporary folder)")
	fl.BoolVar(&o.JSON, "json", false, "print one JSON object on the last line")
	fl.BoolVar(&o.Smoke, "smoke", false, "a tiny run that only proves the command works")
	fl.Float64Var(&o.Scale, "scale", 1, "demo scale of the data (1 = the province's real volume)")
	fl.DurationVar(&o.Duration, "duration", 10*time.Second, "length of each load phase")
	fl.IntVar(&o.Rows, "rows", 100_000, "rows of the import and export measurements")
	fl.StringVar(&o.ServeBytes, "serve-bytes", "", "internal: serve this file's bytes at every path (the read limit)")
	fl.StringVar(&o.Addr, "addr", "127.0.0.1:0", "internal: address for --serve-bytes")
	if err := fl.Parse(args); err != nil {
		return o, err
	}
	if o.Smoke {
		o.Scale, o.Duration, o.Rows = 0.002, time.Second, 500
	}
	if o.DB != "" && !models.IsPostgres(o.DB) {
		return o, fmt.Errorf("--db takes a postgres:// URL; SQLite is the default")
	}
	return o, nil
}

// Run builds the data, runs the server (this same binary, `serve`) as a
// child process and drives it over loopback from this process.
func Run(ctx context.Context, args []string) error {
	o, err := parseBenchFlags(args)
	if err != nil {
		return err
	}
	if o.ServeBytes != "" {
		return serveBytes(ctx, o.ServeBytes, o.Addr)
	}
	start := time.Now()
	tmp, err := os.MkdirTemp("", "jobfair-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	logf := func(format string, a ...any) {
		if !o.JSON {
			fmt.Printf(format+"\n", a...)
		}
	}
	secretBytes := make([]byte, 32)
	_, _ = rand.Read(secretBytes)
	res := &benchResult{Database: "sqlite", Scale: o.Scale, secret: hex.EncodeToString(secretBytes), ImportExportRows: o.Rows}
	if o.DB != "" {
		res.Database = "postgres"
	}

	// One year of data: ingest, then the server's figures.
	dsn1, drop1, err := benchDatabase(ctx, o, tmp, "one")
	if err != nil {
		return err
	}
	defer drop1()
	settle()
	logf("生成一年演示数据（规模 %.3g）……", o.Scale)
	if err := benchIngest(ctx, o, res, dsn1, tmp); err != nil {
		return err
	}
	srv, err := startBenchServer(ctx, dsn1, tmp, res.secret)
	if err != nil {
		return err
	}
	err = benchServer(ctx, o, res, srv, dsn1, logf)
	if rss := srv.stop(); rss > res.ServerPeakRSSMb {
		res.ServerPeakRSSMb = rss
	}
	if err != nil {
		return err
	}

	// Three years of data: the rollup must not grow with history.
	dsn3, drop3, err := benchDatabase(ctx, o, tmp, "three")
	if err != nil {
		return err
	}
	defer drop3()
	settle()
	logf("生成三年演示数据（jobfair demo，单独进程）……")
	if err := benchDemo(ctx, o, res, dsn3); err != nil {
		return err
	}
	srv3, err := startBenchServer(ctx, dsn3, tmp, res.secret)
	if err != nil {
		return err
	}
	token, err := srv3.login()
	if err == nil {
		var lat []time.Duration
		lat, err = timeRequests(srv3, token, "/api/v1/rollup?year=2023&as_of=2023-12-31", 200)
		res.Rollup3yP50Ms = ms(percentile(lat, 0.50))
	}
	if err == nil {
		settle()
		logf("列表和搜索……")
		n := 5
		if o.Smoke {
			n = 2
		}
		res.ListP95Ms, res.ListWorst, err = worstP95(srv3, token, benchLists, []int{1, 20}, n)
		if err == nil {
			res.SearchP95Ms, res.SearchWorst, err = worstP95(srv3, token, benchSearches, []int{1}, n)
		}
	}
	if rss := srv3.stop(); rss > res.ServerPeakRSSMb {
		res.ServerPeakRSSMb = rss
	}
	if err != nil {
		return err
	}
	res.TotalSeconds = time.Since(start).Seconds()
	printBench(res, o)
	return nil
}

// benchDatabase makes a fresh database: a SQLite file, or a schema of its own
// on the PostgreSQL server, dropped afterwards.
func benchDatabase(ctx context.Context, o benchOptions, tmp, name string) (string, func(), error) {
	if o.DB == "" {
		return filepath.Join(tmp, name+".db"), func() {}, nil
	}
	dsn, drop, err := models.NewPostgresSchema(ctx, o.DB)
	if err != nil {
		return "", nil, err
	}
	return dsn, func() { _ = drop() }, nil
}

func openBenchStore(ctx context.Context, dsn, secret string) (*models.Store, error) {
	s, err := models.Open(ctx, dsn, []byte(secret))
	if err != nil {
		return nil, err
	}
	if err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if err := seeds.Load(ctx, s); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// benchDemo loads the three-year demo as `jobfair demo` does for `make run`,
// in a process of its own, so that its time and peak memory are its own.
func benchDemo(ctx context.Context, o benchOptions, res *benchResult, dsn string) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, exe, "demo", "--scale", strconv.FormatFloat(o.Scale, 'g', -1, 64), "--years", "2023-2025")
	cmd.Env = append(os.Environ(), "JOBFAIR_DB="+dsn, "JOBFAIR_SECRET="+res.secret,
		"JOBFAIR_ADMIN_PASSWORD="+benchAdminPassword, "JOBFAIR_LOG_FORMAT=json")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	// The child's own high-water mark, read while it runs: the wait status's
	// maxrss would also count this process's memory, which the child shared
	// until it started.
	done := make(chan struct{})
	var peak atomic.Int64
	go func() {
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			if mb := int64(peakRSS(cmd.Process.Pid)); mb > peak.Load() {
				peak.Store(mb)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	err = cmd.Wait()
	close(done)
	if err != nil {
		return fmt.Errorf("jobfair demo: %w: %s", err, tail(out.String(), 2000))
	}
	res.DemoS = math.Round(time.Since(t0).Seconds()*10) / 10
	res.DemoPeakRSSMb = float64(peak.Load())
	return nil
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// benchIngest times the demo's write path for one year, then the same
// placement rows through a bare prepared-statement loop in one transaction.
func benchIngest(ctx context.Context, o benchOptions, res *benchResult, dsn, tmp string) error {
	s, err := openBenchStore(ctx, dsn, res.secret)
	if err != nil {
		return err
	}
	defer s.Close()
	t0 := time.Now()
	if err := seeds.LoadDemo(ctx, s, seeds.DemoOptions{Scale: o.Scale, Years: []int{2023}, Progress: io.Discard}); err != nil {
		return err
	}
	demoTime := time.Since(t0)
	var rows int64
	for _, t := range []string{"employers", "fairs", "jobs", "placements", "visits"} {
		n, err := s.CountRows(ctx, t)
		if err != nil {
			return err
		}
		rows += n
	}
	res.IngestRows = rows
	res.IngestRowsPerS = float64(rows) / demoTime.Seconds()

	raw, err := rawIngest(ctx, o, s, tmp)
	if err != nil {
		return fmt.Errorf("raw ingest: %w", err)
	}
	res.IngestRawRowsPerS = raw
	if raw > 0 {
		res.IngestRatio = res.IngestRowsPerS / raw
	}
	return nil
}

// rawIngest copies the demo's rows into a fresh database with plain
// prepared INSERTs in one transaction: the most the database does without
// validation, hashing, summaries or audit.
func rawIngest(ctx context.Context, o benchOptions, src *models.Store, tmp string) (float64, error) {
	dsn, drop, err := benchDatabase(ctx, o, tmp, "raw")
	if err != nil {
		return 0, err
	}
	defer drop()
	dst, err := openBenchStore(ctx, dsn, "raw")
	if err != nil {
		return 0, err
	}
	defer dst.Close()
	n, took, err := src.CopyPlain(ctx, dst)
	if err != nil {
		return 0, err
	}
	return float64(n) / took.Seconds(), nil
}

// benchServerProc is the server under test, a child process.
type benchServerProc struct {
	cmd  *exec.Cmd
	base string
	dsn  string
}

const benchAdminPassword = "Bench2025pass"

func startBenchServer(ctx context.Context, dsn, tmp, secret string) (*benchServerProc, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	l.Close()
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	logFile, err := os.Create(filepath.Join(tmp, "server-"+strconv.Itoa(int(time.Now().UnixNano()))+".log"))
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, exe, "serve")
	cmd.Env = append(os.Environ(), "JOBFAIR_ADDR="+addr, "JOBFAIR_DB="+dsn, "JOBFAIR_SECRET="+secret,
		"JOBFAIR_ADMIN_PASSWORD="+benchAdminPassword, "JOBFAIR_DEMO=0", "JOBFAIR_LOG_FORMAT=json")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &benchServerProc{cmd: cmd, base: "http://" + addr, dsn: dsn}
	deadline := time.Now().Add(60 * time.Second)
	for {
		if r, err := http.Get(p.base + "/healthz"); err == nil {
			r.Body.Close()
			if r.StatusCode == 200 {
				return p, nil
			}
		}
		if time.Now().After(deadline) {
			p.stop()
			return nil, errors.New("the server under test did not start")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// stop ends the server and answers its peak resident memory in MB.
func (p *benchServerProc) stop() float64 {
	rss := peakRSS(p.cmd.Process.Pid)
	_ = p.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		_ = p.cmd.Process.Kill()
		<-done
	}
	return rss
}

// peakRSS reads VmHWM, the process's high-water mark of resident memory.
func peakRSS(pid int) float64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			f := strings.Fields(line)
			if len(f) >= 2 {
				kb, _ := strconv.ParseFloat(f[1], 64)
				return kb / 1024
			}
		}
	}
	return 0
}

var benchClient = &http.Client{Transport: &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256,
	IdleConnTimeout: time.Minute}, Timeout: 2 * time.Minute}

func (p *benchServerProc) login() (string, error) {
	body := `{"username":"admin","password":"` + benchAdminPassword + `"}`
	r, err := benchClient.Post(p.base+"/api/v1/auth/login", "application/json", strings.NewReader(body))
	if err != nil {
		return "", err
	}
	defer r.Body.Close()
	var out struct{ Token string }
	if err := json.NewDecoder(r.Body).Decode(&out); err != nil || out.Token == "" {
		return "", fmt.Errorf("bench login: status %d", r.StatusCode)
	}
	return out.Token, nil
}

func (p *benchServerProc) do(method, path, token, contentType string, body []byte) (int, []byte, error) {
	req, err := http.NewRequest(method, p.base+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	r, err := benchClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer r.Body.Close()
	data, err := io.ReadAll(r.Body)
	return r.StatusCode, data, err
}

func benchServer(ctx context.Context, o benchOptions, res *benchResult, srv *benchServerProc, dsn string, logf func(string, ...any)) error {
	token, err := srv.login()
	if err != nil {
		return err
	}
	settle()
	logf("汇总查询……")
	lat, err := timeRequests(srv, token, "/api/v1/rollup?year=2023&as_of=2023-12-31", 200)
	if err != nil {
		return err
	}
	res.RollupP50Ms, res.RollupP95Ms = ms(percentile(lat, 0.50)), ms(percentile(lat, 0.95))
	if res.RollupRawP50Ms, err = rawRollup(ctx, dsn, res.secret); err != nil {
		return fmt.Errorf("raw rollup: %w", err)
	}

	employers, err := benchEmployers(srv, token)
	if err != nil {
		return err
	}
	settle()
	logf("并发写入 %s……", o.Duration)
	if err := benchWrites(ctx, o, res, srv, token, employers); err != nil {
		return err
	}
	settle()
	logf("并发读取 %s……", o.Duration)
	const readPath = "/api/v1/fairs?page_size=50"
	read := runLoad(ctx, 64, o.Duration, func(int, int) (int, error) {
		code, _, err := srv.do("GET", readPath, token, "", nil)
		return code, err
	})
	res.ReadRPS, res.ReadP99Ms = read.rps(), ms(read.hist.quantile(0.99))
	logf("同一份响应由最简处理程序从内存返回（上限对照）……")
	if res.ReadLimitRPS, err = readLimit(ctx, o, srv, token, readPath); err != nil {
		return fmt.Errorf("read limit: %w", err)
	}
	if res.ReadLimitRPS > 0 {
		res.ReadRatio = math.Round(res.ReadRPS/res.ReadLimitRPS*100) / 100
	}

	n := 100
	if o.Smoke {
		n = 10
	}
	settle()
	logf("入场签到 %d 人（每分钟200人）……", n)
	if err := benchCheckins(ctx, res, srv, token, n); err != nil {
		return err
	}

	logf("导入 %d 行……", o.Rows)
	csv := benchCSV(o.Rows, employers)
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "placements.csv")
	fw.Write(csv)
	mw.Close()
	settle()
	t0 := time.Now()
	code, body, err := srv.do("POST", "/api/v1/placements/import", token, mw.FormDataContentType(), buf.Bytes())
	if err != nil {
		return err
	}
	if code != http.StatusCreated {
		return fmt.Errorf("import answered %d: %.300s", code, body)
	}
	res.Import100kS = time.Since(t0).Seconds()

	settle()
	logf("导出 %d 行……", o.Rows)
	t0 = time.Now()
	code, body, err = srv.do("GET", "/api/v1/placements/export.xlsx?year=2024", token, "", nil)
	if err != nil {
		return err
	}
	if code != http.StatusOK || len(body) < 1000 {
		return fmt.Errorf("export answered %d (%d bytes)", code, len(body))
	}
	res.Export100kS = time.Since(t0).Seconds()
	return nil
}

// benchWrites posts new placements from 32 clients, then counts them in the database.
func benchWrites(ctx context.Context, o benchOptions, res *benchResult, srv *benchServerProc, token string, employers []benchEmployer) error {
	var accepted atomic.Int64
	load := runLoad(ctx, 32, o.Duration, func(worker, i int) (int, error) {
		e := employers[(worker*7919+i)%len(employers)]
		id := benchID(3_000_000 + worker*1_000_000 + i)
		body := fmt.Sprintf(`{"person_name":"压测%d","id_number":"%s","groups":["reemployed"],"employer_id":%d,"city":%q,"placed_on":"2025-03-%02d"}`,
			i, id, e.ID, e.City, 1+i%28)
		code, _, err := srv.do("POST", "/api/v1/placements", token, "application/json", []byte(body))
		if code == http.StatusCreated {
			accepted.Add(1)
		}
		return code, err
	})
	res.WriteRPS, res.WriteP99Ms = load.rps(), ms(load.hist.quantile(0.99))
	res.WriteErrors = load.errors.Load()
	res.placementsAccepted = accepted.Load()
	s, err := models.Open(ctx, srv.dsn, []byte(res.secret))
	if err != nil {
		return err
	}
	defer s.Close()
	_, stored, err := s.ListPlacements(ctx, models.System, models.PlacementFilter{Year: 2025, Page: models.Page{Number: 1, Size: 1}})
	if err != nil {
		return err
	}
	res.WriteLost = res.placementsAccepted - stored
	return nil
}

// benchCheckins registers n job seekers for a fair of today, then checks
// them in at a door's pace of 200 people a minute (two scanners), and
// answers the check-ins' p95.
func benchCheckins(ctx context.Context, res *benchResult, srv *benchServerProc, token string, n int) error {
	now := time.Now().In(models.Shanghai)
	fair := fmt.Sprintf(`{"title":"压测签到招聘会","city":"沈阳市","venue":"沈阳人才大厦","starts_at":%q,"ends_at":%q,"mode":"onsite","programmes":["chunnuan"]}`,
		now.Add(-time.Hour).Format(time.RFC3339), now.Add(8*time.Hour).Format(time.RFC3339))
	code, body, err := srv.do("POST", "/api/v1/fairs", token, "application/json", []byte(fair))
	if err != nil || code != http.StatusCreated {
		return fmt.Errorf("create the check-in fair: %d %v %.200s", code, err, body)
	}
	var f struct{ ID int64 }
	if err := json.Unmarshal(body, &f); err != nil {
		return err
	}
	tickets := make([]string, n)
	for i := range tickets {
		reg := fmt.Sprintf(`{"name":"压测求职者","phone":"139%08d","consent":true}`, i)
		code, body, err := srv.do("POST", fmt.Sprintf("/api/v1/public/fairs/%d/registrations", f.ID), "", "application/json", []byte(reg))
		if err != nil || code != http.StatusCreated {
			return fmt.Errorf("register: %d %v %.200s", code, err, body)
		}
		var r struct{ Ticket string }
		if err := json.Unmarshal(body, &r); err != nil {
			return err
		}
		tickets[i] = r.Ticket
	}
	lat := make([]time.Duration, 0, n)
	tick := time.NewTicker(time.Minute / 200)
	defer tick.Stop()
	for _, t := range tickets {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
		t0 := time.Now()
		code, body, err := srv.do("POST", fmt.Sprintf("/api/v1/fairs/%d/checkins", f.ID), token, "application/json",
			[]byte(fmt.Sprintf(`{"ticket":%q}`, t)))
		if err != nil || code != http.StatusCreated {
			return fmt.Errorf("check in: %d %v %.200s", code, err, body)
		}
		lat = append(lat, time.Since(t0))
	}
	res.CheckinP95Ms, res.Checkins = ms(percentile(lat, 0.95)), n
	return nil
}

// benchLists are the lists the web app opens from a goal card, a breakdown or
// a menu, with their usual filters, on the three-year demo.
var benchLists = []string{
	"/api/v1/placements?year=2024&to=2024-12-31",
	"/api/v1/placements?year=2024&group=graduate",
	"/api/v1/placements?year=2024&city=沈阳市",
	"/api/v1/placements?from=2024-03-01&to=2024-03-31",
	"/api/v1/jobs?year=2024",
	"/api/v1/jobs?year=2024&for_graduates=true",
	"/api/v1/jobs?year=2024&city=大连市",
	"/api/v1/fairs?year=2024",
	"/api/v1/fairs?year=2024&status=held&programme=public_service",
	"/api/v1/employers",
	"/api/v1/employers?city=沈阳市",
	"/api/v1/signups?status=approved",
	"/api/v1/reports?year=2024",
	"/api/v1/graduates?year=2024",
	"/api/v1/graduates?year=2024&status=served",
	"/api/v1/graduates?year=2024&attention=incomplete_1131",
	"/api/v1/visits?year=2024",
	"/api/v1/visits?year=2024&city=大连市",
}

// benchSearches are the text searches: Chinese substrings of two or more
// characters, and two words that must both match, over every list with q=.
var benchSearches = []string{
	"/api/v1/public/jobs?q=软件",
	"/api/v1/public/jobs?q=工程师",
	"/api/v1/public/jobs?q=沈阳+工程师",
	"/api/v1/jobs?q=软件+沈阳",
	"/api/v1/public/fairs?q=招聘会",
	"/api/v1/public/fairs?q=高校",
	"/api/v1/employers?q=机械",
	"/api/v1/employers?q=沈阳+机械",
	"/api/v1/placements?q=王伟",
	"/api/v1/placements?year=2024&q=李娜",
	"/api/v1/graduates?q=王伟",
	"/api/v1/graduates?year=2024&q=张伟",
}

// worstP95 times each path n times at each page and answers the worst p95
// and where it was.
func worstP95(srv *benchServerProc, token string, paths []string, pages []int, n int) (float64, string, error) {
	worst, where := 0.0, ""
	for _, path := range paths {
		for _, page := range pages {
			full := fmt.Sprintf("%s&page=%d&page_size=20", path, page)
			if !strings.Contains(path, "?") {
				full = fmt.Sprintf("%s?page=%d&page_size=20", path, page)
			}
			lat, err := timeRequests(srv, token, full, n)
			if err != nil {
				return 0, "", err
			}
			if p := ms(percentile(lat, 0.95)); p > worst {
				worst, where = p, full
			}
		}
	}
	return worst, where, nil
}

type benchEmployer struct {
	ID         int64  `json:"id"`
	City       string `json:"city"`
	CreditCode string `json:"credit_code"`
}

func benchEmployers(srv *benchServerProc, token string) ([]benchEmployer, error) {
	code, body, err := srv.do("GET", "/api/v1/employers?page_size=500", token, "", nil)
	if err != nil {
		return nil, err
	}
	var out struct{ Items []benchEmployer }
	if code != 200 || json.Unmarshal(body, &out) != nil || len(out.Items) == 0 {
		return nil, fmt.Errorf("list employers: %d", code)
	}
	return out.Items, nil
}

// benchID makes a valid ID number from a serial, unique for serials below 10^9.
func benchID(serial int) string {
	birth := time.Date(1975, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, serial%9000)
	first := fmt.Sprintf("2101%02d%s%03d", 1+serial/1_000_000%99, birth.Format("20060102"), serial/9000%1000)
	check, _ := models.IDCheckDigit(first)
	return first + string(check)
}

// benchCSV is an import file of n placements in 2024, a year the demo database lacks.
func benchCSV(n int, employers []benchEmployer) []byte {
	var b bytes.Buffer
	b.WriteString("姓名,身份证号,人员类别,用人单位信用代码,城市,就业日期\n")
	for i := 0; i < n; i++ {
		e := employers[i%len(employers)]
		group := "失业人员再就业"
		if i%4 == 0 {
			group = "高校毕业生"
		}
		fmt.Fprintf(&b, "导入%d,%s,%s,%s,%s,2024-%02d-%02d\n", i, benchID(i), group, e.CreditCode, e.City, 1+i%12, 1+i%28)
	}
	return b.Bytes()
}

// rawRollup times the rollup's counts as plain SQL over the records, with no summaries.
func rawRollup(ctx context.Context, dsn, secret string) (float64, error) {
	s, err := models.Open(ctx, dsn, []byte(secret))
	if err != nil {
		return 0, err
	}
	defer s.Close()
	var lat []time.Duration
	for i := 0; i < 5; i++ {
		t0 := time.Now()
		if err := s.PlainRollup(ctx, 2023); err != nil {
			return 0, err
		}
		lat = append(lat, time.Since(t0))
	}
	return ms(percentile(lat, 0.5)), nil
}

func timeRequests(p *benchServerProc, token, path string, n int) ([]time.Duration, error) {
	lat := make([]time.Duration, 0, n)
	for i := 0; i < n; i++ {
		t0 := time.Now()
		code, body, err := p.do("GET", path, token, "", nil)
		if err != nil {
			return nil, err
		}
		if code != 200 {
			return nil, fmt.Errorf("GET %s: %d %.200s", path, code, body)
		}
		lat = append(lat, time.Since(t0))
	}
	return lat, nil
}

// loadResult gathers what the workers of one load phase saw.
type loadResult struct {
	hist     *histogram
	ok       atomic.Int64
	errors   atomic.Int64
	duration time.Duration
}

func (l *loadResult) rps() float64 { return float64(l.ok.Load()) / l.duration.Seconds() }

// runLoad runs fn from a fixed number of workers for d; a status that is not
// 2xx, or a transport error, counts as an error.
func runLoad(ctx context.Context, workers int, d time.Duration, fn func(worker, i int) (int, error)) *loadResult {
	res := &loadResult{hist: newHistogram()}
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var wg sync.WaitGroup
	t0 := time.Now()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				s := time.Now()
				code, err := fn(w, i)
				res.hist.add(time.Since(s))
				if err != nil || code < 200 || code > 299 {
					res.errors.Add(1)
				} else {
					res.ok.Add(1)
				}
			}
		}(w)
	}
	wg.Wait()
	res.duration = time.Since(t0)
	return res
}

// histogram counts latencies in buckets 2% wide, from 10 µs to about 100 s.
type histogram struct {
	mu      sync.Mutex
	buckets []int64
	n       int64
}

const histBase, histGrowth = 10 * time.Microsecond, 1.02

func newHistogram() *histogram { return &histogram{buckets: make([]int64, 820)} }

func (h *histogram) add(d time.Duration) {
	i := 0
	if d > histBase {
		i = int(math.Log(float64(d)/float64(histBase)) / math.Log(histGrowth))
	}
	i = min(i, len(h.buckets)-1)
	h.mu.Lock()
	h.buckets[i]++
	h.n++
	h.mu.Unlock()
}

func (h *histogram) quantile(q float64) time.Duration {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.n == 0 {
		return 0
	}
	target := int64(math.Ceil(q * float64(h.n)))
	var seen int64
	for i, c := range h.buckets {
		seen += c
		if seen >= target {
			return time.Duration(float64(histBase) * math.Pow(histGrowth, float64(i+1)))
		}
	}
	return 0
}

func percentile(lat []time.Duration, q float64) time.Duration {
	if len(lat) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), lat...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[min(len(s)-1, int(math.Ceil(q*float64(len(s))))-1)]
}

func ms(d time.Duration) float64 { return math.Round(float64(d)/float64(time.Millisecond)*100) / 100 }

// benchGoals are the goals of the benchmark issue, to print beside each figure.
var benchGoals = []struct{ key, label, goal string }{
	{"ingest_rows_per_s", "写入路径（演示数据，行/秒）", ""},
	{"ingest_raw_rows_per_s", "裸SQL预编译写入（行/秒，上限）", ""},
	{"ingest_ratio", "写入路径/上限", "≥ 0.5"},
	{"rollup_p50_ms", "汇总查询 p50（毫秒，1年数据）", "≤ 10"},
	{"rollup_p95_ms", "汇总查询 p95（毫秒）", ""},
	{"rollup_3y_p50_ms", "汇总查询 p50（毫秒，3年数据）", "≤ 1.2 × 1年"},
	{"rollup_raw_p50_ms", "明细直接统计 p50（毫秒，对照）", ""},
	{"write_rps", "并发登记就业（次/秒，32客户端）", "≥ 2000"},
	{"write_p99_ms", "并发登记 p99（毫秒）", "≤ 50"},
	{"write_errors", "并发登记错误数", "0"},
	{"write_lost", "并发登记丢失数", "0"},
	{"read_rps", "并发读取招聘会列表（次/秒，64客户端）", "≥ 5000"},
	{"read_p99_ms", "并发读取 p99（毫秒）", ""},
	{"read_limit_rps", "最简处理程序返回同一响应（次/秒，上限）", ""},
	{"read_ratio", "读取/上限", "≥ 0.5"},
	{"checkin_p95_ms", "入场签到 p95（毫秒，每分钟200人）", "≤ 50"},
	{"list_p95_ms", "列表最慢 p95（毫秒，3年数据，第1页和第20页）", "≤ 100"},
	{"list_worst", "最慢的列表", ""},
	{"search_p95_ms", "搜索最慢 p95（毫秒，3年数据）", "≤ 150"},
	{"search_worst", "最慢的搜索", ""},
	{"import_100k_s", "导入（秒）", "≤ 3"},
	{"export_100k_s", "导出（秒）", "≤ 3"},
	{"server_peak_rss_mb", "服务端峰值常驻内存（MB）", "≤ 300"},
	{"demo_s", "三年演示数据加载（秒）", "≤ 60"},
	{"demo_peak_rss_mb", "三年演示数据加载峰值内存（MB）", "≤ 300"},
}

func printBench(res *benchResult, o benchOptions) {
	data, _ := json.Marshal(res)
	if o.JSON {
		fmt.Println(string(data))
		return
	}
	var m map[string]any
	_ = json.Unmarshal(data, &m)
	tw := tabwriter.NewWriter(os.Stdout, 0, 2, 2, ' ', 0)
	fmt.Fprintf(tw, "指标\t键\t结果\t目标\n")
	for _, g := range benchGoals {
		fmt.Fprintf(tw, "%s\t%s\t%v\t%s\n", g.label, g.key, m[g.key], g.goal)
	}
	tw.Flush()
	fmt.Printf("数据库 %s，规模 %.3g，导入/导出 %d 行，共用时 %.0f 秒\n", res.Database, res.Scale, res.ImportExportRows, res.TotalSeconds)
}

// readLimit serves the bytes that path answers from a bare handler in a
// process of its own (same HTTP stack, no auth, no database) and drives it as
// the read phase drove the server: the most a handler of those bytes can do
// on this machine.
func readLimit(ctx context.Context, o benchOptions, srv *benchServerProc, token, path string) (float64, error) {
	code, body, err := srv.do("GET", path, token, "", nil)
	if err != nil || code != http.StatusOK {
		return 0, fmt.Errorf("GET %s: %d %v", path, code, err)
	}
	f, err := os.CreateTemp("", "jobfair-read-limit-")
	if err != nil {
		return 0, err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(body); err != nil {
		f.Close()
		return 0, err
	}
	f.Close()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	addr := l.Addr().String()
	l.Close()
	exe, err := os.Executable()
	if err != nil {
		return 0, err
	}
	cmd := exec.CommandContext(ctx, exe, "bench", "--serve-bytes", f.Name(), "--addr", addr)
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	bare := &benchServerProc{cmd: cmd, base: "http://" + addr}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if code, _, err := bare.do("GET", path, "", "", nil); err == nil && code == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			return 0, errors.New("the bare handler did not start")
		}
	}
	load := runLoad(ctx, 64, o.Duration, func(int, int) (int, error) {
		code, _, err := bare.do("GET", path, token, "", nil)
		return code, err
	})
	return load.rps(), nil
}

// serveBytes is the bare handler: gin, as the server uses, answering the
// file's bytes as JSON at every path until ctx ends.
func serveBytes(ctx context.Context, file, addr string) error {
	body, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.NoRoute(func(c *gin.Context) { c.Data(http.StatusOK, "application/json; charset=utf-8", body) })
	hs := &http.Server{Addr: addr, Handler: r, ReadHeaderTimeout: 10 * time.Second}
	go func() { <-ctx.Done(); _ = hs.Close() }()
	if err := hs.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
