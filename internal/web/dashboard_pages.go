package web

// registerDashboardPages registers the dashboard pages.
func (s *Server) registerDashboardPages() {}

// dashboardMessages are the dashboard pages' strings: Chinese first, English second.
var dashboardMessages = map[string][2]string{}
