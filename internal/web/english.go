package web

import (
	"html/template"
	"regexp"
	"strconv"
	"strings"

	"duban/internal/duban"
)

// englishFuncs replace the Chinese value formatters of pageFuncs on pages
// rendered in English: dates, deadlines, statuses, lights, levels and roles.
var englishFuncs = template.FuncMap{
	"cn":         func(d duban.Date) string { return englishDate(d) },
	"say":        englishText,
	"deadline":   englishDeadline,
	"statusName": func(s duban.Status) string { return englishStatus[s] },
	"lightName":  func(l duban.Light) string { return englishLight[l] },
	"levelName":  func(l duban.Level) string { return englishLevel[l] },
	"roleName":   func(r duban.Role) string { return translate("en", "role."+string(r)) },
	"recipients": englishRecipients,
}

// undeliveredNote is what the store adds to a step's recipients when the
// unit has no accounts: （省财政厅尚无系统账号，未能在线送达）.
var undeliveredNote = regexp.MustCompile(`（[^（）]*尚无系统账号，未能在线送达）`)

// englishRecipients is a step's recipients on an English page: the names as
// they are, joined by commas, and the note of a unit without accounts in
// English.
func englishRecipients(s string) string {
	s = undeliveredNote.ReplaceAllStringFunc(s, func(note string) string { return " " + englishText(note) })
	return strings.TrimSpace(strings.ReplaceAll(s, "、", ", "))
}

func englishDate(d duban.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format("2 Jan 2006")
}

func englishDeadline(kind duban.DeadlineKind, d duban.Date) string {
	switch kind {
	case duban.DeadlineImmediate:
		if d.IsZero() {
			return "Immediately"
		}
		return "Immediately, by " + englishDate(d)
	case duban.DeadlineLongTerm:
		if d.IsZero() {
			return "Long-term"
		}
		return "By " + englishDate(d) + ", then long-term"
	}
	return englishDate(d)
}

var englishStatus = map[duban.Status]string{
	duban.StatusDraft: "Draft", duban.StatusAssigned: "Assigned", duban.StatusInProgress: "In progress",
	duban.StatusClosureRequested: "Closure requested", duban.StatusClosed: "Closed",
}

var englishLight = map[duban.Light]string{duban.LightRed: "Red", duban.LightYellow: "Yellow", duban.LightGreen: "Green", duban.LightDone: "Done"}

var englishLevel = map[duban.Level]string{
	duban.LevelRemind: "Reminder", duban.LevelRemindLdr: "Reminder to the leader", duban.LevelUrge: "Urging",
	duban.LevelNotice: "Supervision notice", duban.LevelCircular: "Named in a circular", duban.LevelInterview: "Interview",
}

// deadlineIn is a deadline's label in lang.
func deadlineIn(lang string, kind duban.DeadlineKind, d duban.Date) string {
	if lang == "en" {
		return englishDeadline(kind, d)
	}
	return duban.DeadlineLabel(kind, d)
}

// dateIn is a day in lang: 2021年8月26日 or 26 Aug 2021.
func dateIn(lang string, d duban.Date) string {
	if lang == "en" {
		return englishDate(d)
	}
	return d.Chinese()
}

var (
	outlineParen = regexp.MustCompile(`（([〇零一二三四五六七八九十百]+|\d+)）`)
	outlineComma = regexp.MustCompile(`([〇零一二三四五六七八九十百]+)、`)
	outlineIs    = regexp.MustCompile(`([〇零一二三四五六七八九十百]+)是`)
)

// numberIn writes an item's outline number (一、 （一） 1. （1） 一是) in
// lang: in English 1. (1) 1. (1) 1) — the same levels with Arabic numerals.
func numberIn(lang, s string) string {
	if lang != "en" || s == "" {
		return s
	}
	arabic := func(cn string) string {
		if n, ok := duban.ParseChineseNumeral(cn); ok {
			return strconv.Itoa(n)
		}
		return cn
	}
	s = outlineParen.ReplaceAllStringFunc(s, func(m string) string {
		return "(" + arabic(outlineParen.FindStringSubmatch(m)[1]) + ") "
	})
	s = outlineComma.ReplaceAllStringFunc(s, func(m string) string {
		return arabic(outlineComma.FindStringSubmatch(m)[1]) + ". "
	})
	s = outlineIs.ReplaceAllStringFunc(s, func(m string) string {
		return arabic(outlineIs.FindStringSubmatch(m)[1]) + ") "
	})
	return s
}

// isoDateValue is the value of a date input (type=date) for what a user
// typed or a record holds: 2021-08-26 when it is a date in any form
// ParseDate reads (2021年8月26日, 2021.8.26), else the text as it is.
func isoDateValue(s string) string {
	if d, err := duban.ParseDate(s); err == nil && !d.IsZero() {
		return d.String()
	}
	return s
}
