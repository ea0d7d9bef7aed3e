package web

// registerMorePages registers the pages beyond login and the inbox; each
// group of pages lives in its own file with its own strings.
func (s *Server) registerMorePages() {
	s.registerDashboardPages()
	s.registerLedgerPages()
	s.registerAdminPages()
	s.registerProjectPages()
	s.registerSystemPages()
}
