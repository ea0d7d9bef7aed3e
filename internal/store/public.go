package store

import (
	"context"
	"fmt"
)

// PublicPlan is a plan that has published a notice, as the public portal
// names it: the plan's title and the unit that published it.
type PublicPlan struct {
	ID       int64  `json:"id"`
	Title    string `json:"title"`
	UnitName string `json:"unit_name"`
}

// PublicPlans lists the plans with at least one published notice, in id
// order, for the public feedback form. Anyone may read them: their notices
// are public already.
func (db *DB) PublicPlans(ctx context.Context) ([]PublicPlan, error) {
	rows, err := db.reader().QueryContext(ctx, `SELECT p.id, p.title, MAX(n.unit_name) FROM plans p JOIN notices n ON n.plan_id = p.id
		GROUP BY p.id, p.title ORDER BY p.id`)
	if err != nil {
		return nil, fmt.Errorf("store: public plans: %w", err)
	}
	defer rows.Close()
	out := []PublicPlan{}
	for rows.Next() {
		var x PublicPlan
		if err := rows.Scan(&x.ID, &x.Title, &x.UnitName); err != nil {
			return nil, fmt.Errorf("store: public plans: %w", err)
		}
		out = append(out, x)
	}
	return out, rows.Err()
}
