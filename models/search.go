package models

import (
	"strings"

	"gorm.io/gorm"
)

// likeEscaper keeps %, _ and the escape character itself literal in a LIKE
// pattern, so that a search for "100%" means those four characters.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// containsPattern is a LIKE pattern that matches text anywhere.
func containsPattern(text string) string { return "%" + likeEscaper.Replace(text) + "%" }

// searchWords narrows a query to the rows in which every word of text (split
// at spaces, full-width ones included) appears in at least one of cols: a
// search for "沈阳 高校" finds 沈阳某某高校招聘会. exact adds, per word, columns
// that must equal the word as normalize makes it (a credit code, say).
func searchWords(q *gorm.DB, text string, cols []string, exact map[string]func(string) string) *gorm.DB {
	for _, w := range strings.Fields(strings.ReplaceAll(text, "\u3000", " ")) {
		conds := make([]string, 0, len(cols)+len(exact))
		args := make([]any, 0, len(cols)+len(exact))
		for _, c := range cols {
			conds = append(conds, c+` LIKE ? ESCAPE '\'`)
			args = append(args, containsPattern(w))
		}
		for c, normalize := range exact {
			conds = append(conds, c+" = ?")
			args = append(args, normalize(w))
		}
		q = q.Where("("+strings.Join(conds, " OR ")+")", args...)
	}
	return q
}
