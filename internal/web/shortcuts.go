package web

import (
	"fmt"
	"net/http"
)

// reviewQueue is where an item stands in the caller's to-do list (工作台):
// the previous and next items to work through, for the lead's daily review
// (keys p and n, static/app.js).
type reviewQueue struct {
	Prev, Next string
	Pos, Len   int // Pos 0: the item is not in the list
}

// queueOf places the assignment id in the caller's to-do list; the zero
// queue when the list is empty.
func (s *Server) queueOf(r *http.Request, id int64) (reviewQueue, error) {
	todos, err := s.db.Todos(r.Context(), principal(r), s.ledgerToday())
	if err != nil {
		return reviewQueue{}, err
	}
	var ids []int64
	seen := map[int64]bool{}
	for _, t := range todos {
		if !seen[t.AssignmentID] {
			seen[t.AssignmentID] = true
			ids = append(ids, t.AssignmentID)
		}
	}
	q := reviewQueue{Len: len(ids)}
	if len(ids) == 0 {
		return q, nil
	}
	at := -1
	for i, x := range ids {
		if x == id {
			at, q.Pos = i, i+1
		}
	}
	href := func(i int) string { return fmt.Sprintf("/assignments/%d", ids[i]) }
	switch {
	case at < 0:
		q.Next = href(0)
	default:
		if at+1 < len(ids) {
			q.Next = href(at + 1)
		}
		if at > 0 {
			q.Prev = href(at - 1)
		}
	}
	return q, nil
}
