package web

import (
	"net/http"

	"duban/internal/duban"
	"duban/internal/store"
)

// searchResult is the answer of GET /api/v1/search.
type searchResult struct {
	Items []duban.SearchHit `json:"items"`
}

// apiSearch is the ranked full-text search over problems, measures,
// reports and feedback.
func (s *Server) apiSearch(r *http.Request, q *query) (searchResult, error) {
	f := store.SearchFilter{Text: q.str("q"), PlanID: q.id("plan"), Limit: q.intIn("limit", 1, 100)}
	if err := q.err(); err != nil {
		return searchResult{}, err
	}
	hits, err := s.db.Search(r.Context(), principal(r), f)
	if hits == nil {
		hits = []duban.SearchHit{}
	}
	return searchResult{Items: hits}, err
}
