package web

import (
	"net/http"
	"strings"
)

// registerRoutes is the map of the application: every route on one line.
func (s *Server) registerRoutes() {
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.public("GET /api/v1/openapi.json", s.apiOpenAPI)
	s.public("POST /api/v1/auth/login", s.apiLogin)
	s.authed("POST /api/v1/auth/logout", s.apiLogout)
	s.authed("GET /api/v1/me", s.apiMe)
	s.authed("GET /api/v1/audit", s.apiListAudit)

	s.authed("GET /api/v1/units", listOf(s.apiListUnits))
	s.authed("POST /api/v1/units", s.apiCreateUnit)
	s.authed("GET /api/v1/units/{id}", getOne(s.apiGetUnit, unitVersion))
	s.authed("PATCH /api/v1/units/{id}", updateOne(s.apiUpdateUnit, unitVersion))

	s.authed("GET /api/v1/users", listOf(s.apiListUsers))
	s.authed("POST /api/v1/users", s.apiCreateUser)
	s.authed("GET /api/v1/users/{id}", getOne(s.apiGetUser, userVersion))
	s.authed("PATCH /api/v1/users/{id}", updateOne(s.apiUpdateUser, userVersion))
	s.authed("POST /api/v1/users/{id}/unlock", s.apiUnlockUser)

	s.authed("GET /api/v1/sources", listOf(s.apiListSources))
	s.authed("POST /api/v1/sources", s.apiCreateSource)
	s.authed("GET /api/v1/sources/{id}", getOne(s.apiGetSource, sourceVersion))
	s.authed("PATCH /api/v1/sources/{id}", updateOne(s.apiUpdateSource, sourceVersion))

	s.authed("GET /api/v1/plans", listOf(s.apiListPlans))
	s.authed("POST /api/v1/plans", s.apiCreatePlan)
	s.authed("GET /api/v1/plans/{id}", getOne(s.apiGetPlan, planVersion))
	s.authed("PATCH /api/v1/plans/{id}", updateOne(s.apiUpdatePlan, planVersion))
	s.authed("GET /api/v1/plans/{id}/tree", planAsOf(s.apiPlanTree))
	s.authed("GET /api/v1/plans/{id}/stats", planAsOf(s.apiPlanStats))

	s.authed("GET /api/v1/nodes", listOf(s.apiListNodes))
	s.authed("POST /api/v1/nodes", s.apiCreateNode)
	s.authed("GET /api/v1/nodes/{id}", getOne(s.apiGetNode, nodeVersion))
	s.authed("PATCH /api/v1/nodes/{id}", updateOne(s.apiUpdateNode, nodeVersion))

	s.authed("GET /api/v1/tasks", listOf(s.apiListTasks))
	s.authed("POST /api/v1/tasks", s.apiCreateTask)
	s.authed("GET /api/v1/tasks/{id}", getOne(s.apiGetTask, taskVersion))
	s.authed("PATCH /api/v1/tasks/{id}", updateOne(s.apiUpdateTask, taskVersion))

	s.authed("GET /api/v1/assignments", listOf(s.apiListAssignments))
	s.authed("POST /api/v1/assignments", s.apiCreateAssignment)
	s.authed("GET /api/v1/assignments/{id}", getOne(s.apiGetAssignment, assignmentVersion))
	s.authed("PATCH /api/v1/assignments/{id}", updateOne(s.apiUpdateAssignment, assignmentVersion))
	s.authed("POST /api/v1/assignments/{id}/{action}", s.apiTransition)
	s.authed("GET /api/v1/assignments/{id}/transitions", s.apiListTransitions)
	s.authed("GET /api/v1/assignments/{id}/reports", s.apiListReports)
	s.authed("POST /api/v1/assignments/{id}/reports", s.apiCreateReport)
	s.authed("POST /api/v1/reports/{id}/review", updateOne(s.apiReviewReport, reportVersion))

	s.authed("GET /api/v1/meetings", listOf(s.apiListMeetings))
	s.authed("POST /api/v1/meetings", s.apiCreateMeeting)
	s.authed("GET /api/v1/meetings/{id}", getOne(s.apiGetMeeting, meetingVersion))
	s.authed("PATCH /api/v1/meetings/{id}", updateOne(s.apiUpdateMeeting, meetingVersion))

	s.authed("GET /api/v1/feedback", listOf(s.apiListFeedback))
	s.authed("POST /api/v1/feedback", s.apiCreateFeedback)
	s.authed("GET /api/v1/feedback/{id}", getOne(s.apiGetFeedback, feedbackVersion))
	s.authed("PATCH /api/v1/feedback/{id}", updateOne(s.apiUpdateFeedback, feedbackVersion))

	s.authed("POST /api/v1/imports/ledger", s.apiImport("ledger"))
	s.authed("POST /api/v1/imports/notice", s.apiImport("notice"))
	s.authed("GET /api/v1/plans/{id}/ledger.xlsx", s.apiExportLedger)
	s.authed("GET /api/v1/plans/{id}/notice", s.apiNotice)
	s.authed("GET /api/v1/assignments/{id}/supervision-notice", s.apiSupervisionNotice)

	s.authed("GET /api/v1/calendar", listOf(s.apiCalendar))
	s.authed("PUT /api/v1/calendar/{date}", s.apiSetCalendarDay)
	s.authed("DELETE /api/v1/calendar/{date}", s.apiDeleteCalendarDay)
	s.authed("GET /api/v1/workdays", listOf(s.apiWorkdays))
	s.authed("GET /api/v1/assignments/{id}/timeline", s.apiTimeline)
	s.authed("GET /api/v1/assignments/{id}/closures", s.apiListClosures)
	s.authed("GET /api/v1/assignments/{id}/escalations", s.apiListEscalations)
	s.authed("POST /api/v1/assignments/{id}/escalations", s.apiEscalate)
	s.authed("POST /api/v1/escalations/{id}/reply", s.apiReplyEscalation)
	s.authed("GET /api/v1/assignments/{id}/extensions", s.apiListExtensions)
	s.authed("POST /api/v1/assignments/{id}/extensions", s.apiRequestExtension)
	s.authed("POST /api/v1/extensions/{id}/{decision}", s.apiDecideExtension)
	s.authed("GET /api/v1/lookbacks", listOf(s.apiListLookbacks))
	s.authed("POST /api/v1/plans/{id}/lookbacks", s.apiScheduleLookbacks("plan"))
	s.authed("POST /api/v1/assignments/{id}/lookbacks", s.apiScheduleLookbacks("assignment"))
	s.authed("POST /api/v1/lookbacks/{id}/result", s.apiRecordLookback)
	s.authed("GET /api/v1/inbox", listOf(s.apiInbox))
	s.authed("POST /api/v1/inbox/{id}/read", s.apiMarkRead)
	s.authed("GET /api/v1/deliveries", listOf(s.apiDeliveries))
	s.authed("POST /api/v1/channels", s.apiCreateChannel)
	s.authed("POST /api/v1/jobs/run", s.apiRunJobs)
	s.authed("GET /api/v1/reports/{id}/files", s.apiReportFiles)
	s.authed("PATCH /api/v1/reports/{id}", updateOne(s.apiReviseReport, reportVersion))
	s.authed("GET /api/v1/attachments/{id}", s.apiDownload)
	s.authed("GET /api/v1/plans/{id}/reporting", s.apiReporting)
	s.authed("POST /api/v1/instructions", s.apiRegisterInstruction)
	s.authed("GET /api/v1/instructions", listOf(s.apiListInstructions))
	s.authed("GET /api/v1/indicators", listOf(s.apiListIndicators))
	s.authed("POST /api/v1/indicators", s.apiCreateIndicator)
	s.authed("GET /api/v1/indicators/{id}", getOne(s.apiGetIndicator, indicatorVersion))
	s.authed("GET /api/v1/indicators/{id}/rules", withID(s.apiListRules))
	s.authed("POST /api/v1/indicators/{id}/rules", withID(s.apiCreateRule))
	s.authed("POST /api/v1/indicators/{id}/values", withID(s.apiSetValues))
	s.authed("GET /api/v1/indicators/{id}/values", withID(s.apiListValues))
	s.authed("GET /api/v1/indicators/{id}/table", withID(s.apiIndicatorTable))
	s.authed("GET /api/v1/indicators/{id}/trend", withID(s.apiIndicatorTrend))
	s.authed("GET /api/v1/indicators/{id}/breaches", withID(s.apiIndicatorBreaches))
	s.authed("POST /api/v1/breaches/{id}/supervise", withID(s.apiSuperviseBreach))
	s.authed("GET /api/v1/indicators/{id}/completeness", withID(s.apiCompleteness))
	s.authed("POST /api/v1/indicators/{id}/approvals", withID(s.apiApprovePeriod))
	s.authed("GET /api/v1/indicators/{id}/meetings", withID(s.apiIndicatorMeetings))
	s.authed("POST /api/v1/indicators/{id}/meetings", withID(s.apiLinkMeeting))
	s.authed("GET /api/v1/indicators/{id}/figures.xlsx", withID(s.apiExportFigures))
	s.authed("POST /api/v1/imports/indicators", s.apiImportFigures)

	s.mux.Handle("/api/", s.api(s.apiNotFound, true))
}

// authed registers an API route that needs a bearer token.
func (s *Server) authed(pattern string, h apiHandler) { s.register(pattern, s.api(h, false)) }

// public registers an API route open to anyone.
func (s *Server) public(pattern string, h apiHandler) { s.register(pattern, s.api(h, true)) }

func (s *Server) register(pattern string, h http.Handler) {
	method, path, _ := strings.Cut(pattern, " ")
	s.routes = append(s.routes, route{Method: method, Path: path})
	s.mux.Handle(pattern, h)
}
