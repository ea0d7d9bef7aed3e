package store

import (
	"context"

	"duban/internal/duban"
)

// CountedStats is Stats counted from the assignments themselves, never from
// the light tallies: the tests compare the two.
func (db *DB) CountedStats(ctx context.Context, p *duban.Principal, planID int64, asOf duban.Date) (*duban.Stats, error) {
	pl, err := seePlan(ctx, db.reader(), p, planID)
	if err != nil {
		return nil, err
	}
	day := db.asOf(asOf)
	restrict := int64(0)
	if !p.ReadsAll() {
		restrict = p.UnitID
	}
	counts, err := countLights(ctx, db.reader(), planID, restrict, db.rule(pl, day), db.rowsOn(day))
	if err != nil {
		return nil, err
	}
	aspects, units := rollups(perGroup(counts))
	return statsOf(ctx, db.reader(), planID, day, restrict, aspects, units)
}

// RecountAt counts a plan's lights afresh under its rule for day, as a
// recount for that day would.
func (db *DB) RecountAt(ctx context.Context, planID int64, day duban.Date) error {
	pl, err := findPlan(ctx, db.reader(), planID)
	if err != nil {
		return err
	}
	return db.recount(ctx, planID, db.rule(pl, day))
}

// Tallied reports whether the plan's tallies hold for its rule of day.
func (db *DB) Tallied(ctx context.Context, planID int64, day duban.Date) (bool, error) {
	pl, err := findPlan(ctx, db.reader(), planID)
	if err != nil {
		return false, err
	}
	_, ok, err := db.tallied(ctx, planID, 0, db.rule(pl, day))
	return ok, err
}

// PasswordHashes returns how many password hashes the store has computed.
func (db *DB) PasswordHashes() int64 { return db.login.hashes.Load() }

// ExecRaw runs a statement on the database behind the store's back, as an
// intruder with database access would.
func (db *DB) ExecRaw(ctx context.Context, q string, args ...any) error {
	_, err := db.write.ExecContext(ctx, db.rebind(q), args...)
	return err
}

// QueryRowRaw reads one value with plain SQL, for tests.
func (db *DB) QueryRowRaw(ctx context.Context, q string, dest any) error {
	return db.write.QueryRowContext(ctx, db.rebind(q)).Scan(dest)
}
