package web

// registerAdminPages registers the admin pages.
func (s *Server) registerAdminPages() {}

// adminMessages are the admin pages' strings: Chinese first, English second.
var adminMessages = map[string][2]string{}
