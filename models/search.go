package models

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"gorm.io/gorm"
)

// likeEscaper keeps %, _ and the escape character itself literal in a LIKE
// pattern, so that a search for "100%" means those four characters.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// containsPattern is a LIKE pattern that matches text anywhere.
func containsPattern(text string) string { return "%" + likeEscaper.Replace(text) + "%" }

// searchWordsOf splits a search at spaces, full-width ones included.
func searchWordsOf(text string) []string {
	return strings.Fields(strings.ReplaceAll(text, "\u3000", " "))
}

// idsAndWords splits a search of people at spaces into the full ID numbers
// it holds, looked up by their hash, and the other words, looked up in the
// names.
func idsAndWords(text string) (ids []IDNumber, words []string) {
	for _, w := range searchWordsOf(text) {
		if id, err := ParseIDNumber(w); err == nil {
			ids = append(ids, id)
		} else {
			words = append(words, w)
		}
	}
	return ids, words
}

// textSearch is what a list's q= looks in.
type textSearch struct {
	// id is the list's row id, which the index's candidates are compared with.
	id string
	// cols are the columns searched, as the list's query names them: a word
	// matches a row when one of them contains it.
	cols []string
	// sources are the indexed tables behind cols, together covering them all.
	// Without sources the words are looked for by scanning.
	sources []searchSource
	// exact adds, per word, columns that must equal the word as normalize
	// makes it (a credit code, say).
	exact map[string]func(string) string
	// orderScan reads a page of many matches on SQLite by walking the
	// list's order index and keeping the rows among the candidates: for a
	// common word that stops after a few hundred rows, where reading every
	// match and sorting them reads thousands. On PostgreSQL it leaves the
	// words as conditions alone, for pageOfSearch to find the rows.
	orderScan bool
}

// searchSource is one table whose columns migration 00011 indexes: on SQLite
// the FTS5 table table_search, on PostgreSQL pg_trgm and search_bigrams
// indexes of each column.
type searchSource struct {
	table string
	cols  []string
	// via maps the ids of matching source rows (the %s) to the list's ids;
	// empty when the source is the list's own table.
	via string
	// probe is the list's column that holds the source's ids, when via is set.
	probe string
	// pairs: on PostgreSQL the columns have only the index of their pairs
	// of characters (people's names, migration 00018), which finds a word
	// of any length: the rows holding all of its pairs, checked with LIKE.
	pairs bool
}

var (
	jobSearch = textSearch{id: "jobs.id", cols: []string{"jobs.title", "employers.name"}, sources: []searchSource{
		{table: "jobs", cols: []string{"title"}},
		{table: "employers", cols: []string{"name"}, via: "SELECT id FROM jobs WHERE employer_id IN (%s)", probe: "jobs.employer_id"},
	}}
	fairSearch     = textSearch{id: "fairs.id", cols: []string{"fairs.title", "fairs.venue"}, sources: []searchSource{{table: "fairs", cols: []string{"title", "venue"}}}}
	employerSearch = textSearch{id: "employers.id", cols: []string{"employers.name"}, sources: []searchSource{{table: "employers", cols: []string{"name"}}},
		exact: map[string]func(string) string{"employers.credit_code": NormalizeCreditCode}}
	placementSearch = textSearch{id: "placements.id", cols: []string{"placements.person_name"}, sources: []searchSource{{table: "placements", cols: []string{"person_name"}, pairs: true}}}
	graduateSearch  = textSearch{id: "graduates.id", cols: []string{"graduates.person_name"}, sources: []searchSource{{table: "graduates", cols: []string{"person_name"}, pairs: true}}}
	userSearch      = textSearch{cols: []string{"username", "organisation"}}
)

// searchIndexes is off only in the test that compares the indexed search
// with the plain scan.
var searchIndexes = true

// searchWords narrows a query to the rows in which every word of text (split
// at spaces, full-width ones included) appears in at least one of the search's
// columns: a search for "沈阳 高校" finds 沈阳某某高校招聘会. Case does not
// matter for Latin letters (on PostgreSQL for any letter, as ILIKE has it).
//
// A word of two characters or more is first looked up in the indexes of
// migration 00011, which give a superset of the rows that hold it; LIKE then
// checks those rows, so the answer is exactly what LIKE alone finds. The
// words' candidates are intersected before any row is read, so that two
// common words ("沈阳 工程师") read only the rows holding both. A word of one
// character is checked by LIKE alone, which scans.
func (s *Store) searchWords(q *gorm.DB, text string, ts textSearch) *gorm.DB {
	var cands []string
	var candArgs []any
	for _, w := range searchWordsOf(text) {
		like := s.likeOp(w)
		pattern := containsPattern(w)
		conds := make([]string, 0, len(ts.cols))
		args := make([]any, 0, len(ts.cols)+len(ts.exact))
		for _, c := range ts.cols {
			conds = append(conds, c+" "+like+` ? ESCAPE '\'`)
			args = append(args, pattern)
		}
		cond := "(" + strings.Join(conds, " OR ") + ")"
		if ts.orderScan && s.Dialect == "sqlite" && len(ts.exact) == 0 {
			// Walking the list's order, each row is looked up in each
			// source's ids (the unary + keeps SQLite from reading the rows
			// through them): no source's ids are mapped to the list's.
			if subs, cargs := s.sourceCandidates(ts, w); subs != nil {
				probes := make([]string, len(subs))
				for i, src := range ts.sources {
					col := ts.id
					if src.via != "" {
						col = src.probe
					}
					probes[i] = "+" + col + " IN (" + subs[i] + ")"
				}
				cond = "((" + strings.Join(probes, " OR ") + ") AND " + cond + ")"
				args = append(cargs, args...)
			}
		} else if ts.orderScan && s.Dialect == "postgres" {
			// The conditions alone (see pageOfSearch).
		} else if cand, cargs := s.searchCandidates(ts, w); cand != "" {
			if len(ts.exact) == 0 {
				cands = append(cands, fmt.Sprintf("SELECT * FROM (%s) AS w%d", cand, len(cands)))
				candArgs = append(candArgs, cargs...)
			} else {
				// A word may also match exactly (a credit code), outside
				// the index: its candidates narrow only its own condition.
				cond = "(" + ts.id + " IN (" + cand + ") AND " + cond + ")"
				args = append(cargs, args...)
			}
		}
		for c, normalize := range ts.exact {
			cond += " OR " + c + " = ?"
			args = append(args, normalize(w))
		}
		q = q.Where("("+cond+")", args...)
	}
	if len(cands) > 0 {
		q = q.Where(ts.id+" IN ("+strings.Join(cands, " INTERSECT ")+")", candArgs...)
	}
	return q
}

// searchCount counts the rows that hold every word of text from the indexes
// alone, without reading a row, when the indexes answer exactly: every word
// is two or more Chinese characters (no case to fold, and no LIKE wildcard),
// and the search has no exact columns. The count is then the size of the
// intersected candidates: the list's other filters must be none.
func (s *Store) searchCount(db *gorm.DB, text string, ts textSearch) (int64, bool, error) {
	words := searchWordsOf(text)
	if !searchIndexes || len(words) == 0 || len(ts.exact) > 0 {
		return 0, false, nil
	}
	cands := make([]string, 0, len(words))
	var args []any
	for _, w := range words {
		for _, r := range w {
			if !unicode.Is(unicode.Han, r) {
				return 0, false, nil
			}
		}
		cand, cargs := s.searchCandidates(ts, w)
		if cand == "" {
			return 0, false, nil
		}
		// DISTINCT: a row may be a candidate through two columns.
		cands = append(cands, fmt.Sprintf("SELECT DISTINCT * FROM (%s) AS w%d", cand, len(cands)))
		args = append(args, cargs...)
	}
	var n int64
	err := db.Raw("SELECT COUNT(*) FROM ("+strings.Join(cands, " INTERSECT ")+") AS found", args...).Scan(&n).Error
	if err != nil {
		return 0, false, fmt.Errorf("count search: %w", err)
	}
	return n, true, nil
}

// searchScanAbove is the number of matching rows above which a page of them
// is read by walking the list's order index (see textSearch.orderScan)
// rather than by reading every match and sorting.
var searchScanAbove int64 = 2000

// searchCandidates is a subquery of the list's ids that holds at least every
// row containing w in one of the search's columns, and its arguments; empty
// when no index can narrow the search for w.
func (s *Store) searchCandidates(ts textSearch, w string) (string, []any) {
	subs, args := s.sourceCandidates(ts, w)
	if subs == nil {
		return "", nil
	}
	for i, src := range ts.sources {
		if src.via != "" {
			subs[i] = fmt.Sprintf(src.via, subs[i])
		}
	}
	// UNION ALL: the IN or INTERSECT that reads the ids drops duplicates.
	return strings.Join(subs, " UNION ALL "), args
}

// sourceCandidates is, for each source of the search, a subquery of the
// source's ids that holds at least every row containing w, and their
// arguments in order; nil when no index can narrow the search for w.
func (s *Store) sourceCandidates(ts textSearch, w string) ([]string, []any) {
	n := utf8.RuneCountInString(w)
	if !searchIndexes || len(ts.sources) == 0 || n < 2 {
		return nil, nil
	}
	subs := make([]string, 0, len(ts.sources))
	var args []any
	for _, src := range ts.sources {
		var sub string
		switch {
		case s.Dialect == "postgres" && n >= 3:
			// LIKE finds w through the column's trigrams; a column of
			// pairs alone first narrows to the rows holding every pair of
			// w, which LIKE then checks (王伟伟明 holds those of 王伟明).
			conds := make([]string, len(src.cols))
			for i, c := range src.cols {
				conds[i] = c + " " + s.likeOp(w) + ` ? ESCAPE '\'`
				if src.pairs {
					conds[i] = "(" + pairsCond(c) + " AND " + conds[i] + ")"
					args = append(args, w)
				}
				args = append(args, containsPattern(w))
			}
			sub = "SELECT id FROM " + src.table + " WHERE " + strings.Join(conds, " OR ")
		case s.Dialect == "postgres":
			conds := make([]string, len(src.cols))
			for i, c := range src.cols {
				conds[i] = "search_bigrams(" + c + ") @> ARRAY[lower(CAST(? AS text))]"
				args = append(args, w)
			}
			sub = "SELECT id FROM " + src.table + " WHERE " + strings.Join(conds, " OR ")
		case n >= 3:
			fts := src.table + "_search"
			sub = "SELECT rowid FROM " + fts + " WHERE " + fts + " MATCH ?"
			args = append(args, ftsPhrase(w))
		default:
			prefix, ok := trigramPrefix(w)
			if !ok {
				return nil, nil
			}
			// The rows holding a trigram that begins with the two
			// characters, from the index's list of each trigram's rows:
			// the sentinel char(1) ends every indexed value, so that the
			// last two characters of a value begin a trigram too.
			sub = "SELECT doc FROM " + src.table + "_search_terms WHERE term >= ? AND term < ?"
			args = append(args, prefix, prefix+"\xff")
		}
		subs = append(subs, sub)
	}
	return subs, args
}

// likeOp is the operator that finds w in a column: LIKE on SQLite (which
// folds ASCII letters itself), ILIKE on PostgreSQL. There a word without
// letters of either case (Chinese, digits, punctuation) is found by LIKE,
// which finds the same rows without lowering every value it checks: on
// Chinese text ILIKE costs about five times as much. The plain scan that
// the tests compare with keeps ILIKE for every word.
func (s *Store) likeOp(w string) string {
	if s.Dialect != "postgres" {
		return "LIKE"
	}
	if searchIndexes && caseless(w) {
		return "LIKE"
	}
	return "ILIKE"
}

// caseless: no character of w has another case.
func caseless(w string) bool {
	for _, r := range w {
		if unicode.SimpleFold(r) != r {
			return false
		}
	}
	return true
}

// pageOfSearch reads a page of a text search on PostgreSQL from scan, the
// list's query with the words' conditions alone (textSearch.orderScan). The
// matching rows are found through one word, the longest: for each column the
// search looks in, the rows whose column holds that word, read through that
// column's index and checked against every condition of the list. Their
// union is counted for the exact total. A page of more than scanAbove
// matches (never when it is negative) is then read along the list's order
// index, checking each row, which stops after a few hundred rows; a page of
// fewer is read from the union, or, when the search looks in one column,
// from that column's index directly: the page then reads the rows the count
// has just read, not each again through the primary key. Intersecting every
// word's candidates instead read and hashed tens of thousands of ids for a
// common word (沈阳 in 沈阳 工程师).
func pageOfSearch[T any](s *Store, scan *gorm.DB, text string, ts textSearch, p Page, order string, scanAbove int64) ([]T, int64, error) {
	branches := s.searchBranches(text, ts)
	if branches == nil {
		return pageOf[T](scan, p, order)
	}
	queries := make([]any, len(branches))
	for i, b := range branches {
		queries[i] = scan.Session(&gorm.Session{}).Select(ts.id).Where(b.cond, b.arg)
	}
	union := strings.TrimSuffix(strings.Repeat("(?) UNION ", len(queries)), " UNION ")
	var total int64
	err := scan.Session(&gorm.Session{NewDB: true}).Raw("SELECT COUNT(*) FROM ("+union+") AS found", queries...).Scan(&total).Error
	if err != nil {
		return nil, 0, fmt.Errorf("count search: %w", err)
	}
	q := scan
	switch {
	case scanAbove >= 0 && total > scanAbove:
		// Along the order index, each row checked by scan's conditions.
	case len(branches) == 1:
		q = scan.Where(branches[0].cond, branches[0].arg)
	default:
		q = scan.Where(ts.id+" IN ("+union+")", queries...)
	}
	items := []T{}
	if err := q.Order(order).Offset(p.Offset()).Limit(p.Size).Find(&items).Error; err != nil {
		return nil, 0, fmt.Errorf("list search: %w", err)
	}
	return items, total, nil
}

// searchBranch is a condition that finds, through one column's index, the
// rows whose column holds a word.
type searchBranch struct {
	cond string
	arg  any
}

// searchBranches are the conditions of pageOfSearch: one per column
// searched, each finding the rows whose column holds the search's longest
// word through that column's index (pg_trgm for three characters or more,
// the pairs of characters for two, and for any length in a column of
// searchSource.pairs). Nil when no index can find that word,
// or when the search also matches exact columns, which no index covers.
func (s *Store) searchBranches(text string, ts textSearch) []searchBranch {
	if !searchIndexes || len(ts.sources) == 0 || len(ts.exact) > 0 {
		return nil
	}
	drive := ""
	for _, w := range searchWordsOf(text) {
		if utf8.RuneCountInString(w) > utf8.RuneCountInString(drive) {
			drive = w
		}
	}
	n := utf8.RuneCountInString(drive)
	if n < 2 {
		return nil
	}
	var out []searchBranch
	for _, src := range ts.sources {
		for _, c := range src.cols {
			col := src.table + "." + c
			b := searchBranch{col + " " + s.likeOp(drive) + ` ? ESCAPE '\'`, containsPattern(drive)}
			switch {
			case n == 2:
				b = searchBranch{"search_bigrams(" + col + ") @> ARRAY[lower(CAST(? AS text))]", drive}
			case src.pairs:
				// A superset: the list's conditions check the word itself.
				b = searchBranch{pairsCond(col), drive}
			}
			out = append(out, b)
		}
	}
	return out
}

// pairsCond holds for the rows of col that hold every pair of characters of
// a word (the argument), through the index of col's pairs.
func pairsCond(col string) string {
	return "search_bigrams(" + col + ") @> search_bigrams(CAST(? AS text))"
}

// ftsPhrase quotes w as one FTS5 phrase: with the trigram tokenizer, the
// rows that contain w (folding case).
func ftsPhrase(w string) string { return `"` + strings.ReplaceAll(w, `"`, `""`) + `"` }

// trigramPrefix is w as the trigram tokenizer stores it (Latin letters in
// lower case), when that is certain: w holds only ASCII and characters
// without case (Chinese, digits, punctuation). For other letters the
// tokenizer's folding may differ from Go's, so no prefix is given.
func trigramPrefix(w string) (string, bool) {
	for _, r := range w {
		if r >= utf8.RuneSelf && unicode.SimpleFold(r) != r {
			return "", false
		}
	}
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, w), true
}
