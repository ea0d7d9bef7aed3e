package store

import (
	"context"
	"time"

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
// recount for that day would. In the store that happens only on that day,
// when today's remembered counts are of another rule; the test recounts
// for another day today, so it forgets them and the answers remembered
// from them (Stats', which a day's rule and the audit head would otherwise
// keep, as no write came between).
func (db *DB) RecountAt(ctx context.Context, planID int64, day duban.Date) error {
	pl, err := findPlan(ctx, db.reader(), planID)
	if err != nil {
		return err
	}
	db.pastCounts = &figureCache[[]groupCount]{max: 64}
	db.stats = &figureCache[*duban.Stats]{max: 32}
	db.dashboards = &figureCache[*Dashboard]{max: 16}
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

// AuthReads returns how many times Authenticate read a token from the
// database.
func (db *DB) AuthReads() int64 { return db.authReads.Load() }

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

// HistoryFaults counts what would make assignment_history wrong: two
// versions of an assignment in force at once, an assignment without
// exactly one current version, and a current version that differs from
// the row in its status, deadline or notice due.
func (db *DB) HistoryFaults(ctx context.Context) (overlaps, current, differ int, err error) {
	q := db.reader()
	if err = q.QueryRowContext(ctx, `SELECT COUNT(*) FROM assignment_history a JOIN assignment_history b
		ON a.assignment_id = b.assignment_id AND a.id < b.id
		WHERE (b.valid_to IS NULL OR a.valid_from < b.valid_to) AND (a.valid_to IS NULL OR b.valid_from < a.valid_to)`).Scan(&overlaps); err != nil {
		return
	}
	if err = q.QueryRowContext(ctx, `SELECT COUNT(*) FROM assignments a
		WHERE (SELECT COUNT(*) FROM assignment_history h WHERE h.assignment_id = a.id AND h.valid_to IS NULL) <> 1`).Scan(&current); err != nil {
		return
	}
	err = q.QueryRowContext(ctx, `SELECT COUNT(*) FROM assignments a JOIN assignment_history h ON h.assignment_id = a.id AND h.valid_to IS NULL
		WHERE h.status <> a.status OR COALESCE(h.deadline, '') <> COALESCE(a.deadline, '') OR COALESCE(h.notice_due, '') <> COALESCE(a.notice_due, '')
			OR h.version <> a.version`).Scan(&differ)
	return
}

// SetImportBatches sets how long each batch of a staged import writes and a
// hook called at the start of each batch (numbered from 1): an error fails
// the import there, a panic stops it as a killed process would.
func (db *DB) SetImportBatches(budget time.Duration, hook func(batch int) error) {
	db.importBatch, db.importHook = budget, hook
}

// ServedElsewhere reports whether another store serves this SQLite file.
func (db *DB) ServedElsewhere() bool { return db.servedElsewhere() }

// DashboardsCounted is how many battle maps were counted, not remembered.
func (db *DB) DashboardsCounted() int64 { return db.dashboardsCounted.Load() }

// DaysTallied returns how many battle maps read their figures by day from
// the tallies.
func (db *DB) DaysTallied() int64 { return db.daysTallied.Load() }

// DashboardFromRows is Dashboard with its figures by day counted from the
// assignments, never from the tallies: the tests compare the two.
func (db *DB) DashboardFromRows(ctx context.Context, p *duban.Principal, planID int64, asOf duban.Date) (*Dashboard, error) {
	db.rowDays = true
	db.dashboards = &figureCache[*Dashboard]{max: 16}
	defer func() {
		db.rowDays = false
		db.dashboards = &figureCache[*Dashboard]{max: 16}
	}()
	return db.Dashboard(ctx, p, planID, asOf)
}
