package web

import (
	"fmt"
	"time"

	"duban/internal/duban"
	"duban/internal/store"
)

// ledgerEvent is an entry of the assignment's history as its page shows it.
type ledgerEvent struct {
	At            time.Time
	Kind          string
	Title, Detail string
}

// ledgerEventOf words a timeline entry in lang from its structured fields:
// in Chinese it reads exactly as the entry's own Title and Detail. What
// people typed (content, reasons, notes, names, notice numbers) stays as
// entered. An entry of a kind it does not know keeps its Chinese words.
func ledgerEventOf(lang string, e store.TimelineEntry) ledgerEvent {
	t := func(key string) string { return translate(lang, key) }
	f := func(key string, args ...any) string { return fmt.Sprintf(t(key), args...) }
	ev := ledgerEvent{At: e.At, Kind: e.Kind, Title: e.Title, Detail: e.Detail}
	switch {
	case e.Kind == "transition":
		ev.Title = t("ledger.action." + string(e.Action))
		ev.Detail = f("ledger.tl.moved", t("ledger.status."+string(e.From)), t("ledger.status."+string(e.To)), e.Actor, e.Reason)
	case e.Kind == "report":
		ev.Title = f("ledger.tl.report", e.Period)
	case e.Kind == "escalation":
		ev.Title = t("ledger.level."+string(e.Level)) + " " + e.Number
		recipients := e.Recipients
		if lang == "en" {
			recipients = englishRecipients(recipients)
		}
		ev.Detail = f("ledger.tl.sent", recipients, e.Note)
	case e.Kind == "reply":
		ev.Title = f("ledger.tl.reply", e.Number)
	case e.Kind == "extension" && e.Approved == nil:
		ev.Title = t("ledger.tl.extension")
		ev.Detail = f("ledger.tl.extdates", ledgerISODate(lang, e.OldDeadline), ledgerISODate(lang, e.NewDeadline), e.Reason)
	case e.Kind == "extension" && *e.Approved:
		ev.Title = t("ledger.tl.approved")
	case e.Kind == "extension":
		ev.Title = t("ledger.tl.refused")
	case e.Kind == "lookback" && e.Result == "":
		ev.Title = t("ledger.tl.lookback")
		ev.Detail = f("ledger.tl.lbdue", ledgerDay(lang, e.DueDate), e.Campaign)
	case e.Kind == "lookback" && e.Result == duban.LookbackHolds:
		ev.Title = t("ledger.tl.holds")
	case e.Kind == "lookback":
		ev.Title = t("ledger.tl.relapsed")
	}
	return ev
}

// ledgerISODate writes a deadline of an extension: 2022-06-30 in Chinese,
// as the API does, 30 Jun 2022 in English.
func ledgerISODate(lang string, d duban.Date) string {
	if lang == "en" {
		return englishDate(d)
	}
	return d.String()
}

// ledgerDay writes a day: 2022年6月30日 in Chinese, 30 Jun 2022 in English.
func ledgerDay(lang string, d duban.Date) string {
	if lang == "en" {
		return englishDate(d)
	}
	return d.Chinese()
}
