package web

import (
	"net/http"

	"duban/internal/duban"
)

type unitRequest struct {
	ParentID  *int64         `json:"parent_id"`
	Name      string         `json:"name"`
	ShortName string         `json:"short_name"`
	Kind      duban.UnitKind `json:"kind"`
	Sort      int            `json:"sort"`
}

func (s *Server) apiListUnits(r *http.Request, q *query) (duban.List[duban.Unit], error) {
	f := duban.UnitFilter{Text: q.str("q"), Page: q.page()}
	if q.str("parent") != "" {
		p := int64(q.int("parent"))
		f.ParentID = &p
	}
	if err := q.err(); err != nil {
		return duban.List[duban.Unit]{}, err
	}
	return s.db.ListUnits(r.Context(), f)
}

func (s *Server) apiGetUnit(r *http.Request, id int64) (*duban.Unit, error) {
	return s.db.FindUnit(r.Context(), id)
}

func (s *Server) apiCreateUnit(w http.ResponseWriter, r *http.Request) error {
	var req unitRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	u := &duban.Unit{ParentID: req.ParentID, Name: req.Name, ShortName: req.ShortName, Kind: req.Kind, Sort: req.Sort}
	if err := s.db.CreateUnit(r.Context(), principal(r), u); err != nil {
		return err
	}
	return writeRecord(w, http.StatusCreated, u.Version, u)
}

func (s *Server) apiUpdateUnit(r *http.Request, id int64, version int, up duban.UnitUpdate) (*duban.Unit, error) {
	return s.db.UpdateUnit(r.Context(), principal(r), id, version, up)
}

func unitVersion(u *duban.Unit) int { return u.Version }
