package web

import (
	"html/template"

	"duban/internal/duban"
)

// englishFuncs replace the Chinese value formatters of pageFuncs on pages
// rendered in English: dates, deadlines, statuses, lights, levels and roles.
var englishFuncs = template.FuncMap{
	"cn":         func(d duban.Date) string { return englishDate(d) },
	"deadline":   englishDeadline,
	"statusName": func(s duban.Status) string { return englishStatus[s] },
	"lightName":  func(l duban.Light) string { return englishLight[l] },
	"levelName":  func(l duban.Level) string { return englishLevel[l] },
	"roleName":   func(r duban.Role) string { return translate("en", "role."+string(r)) },
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
