package handlers

import "github.com/gin-gonic/gin"


// ListGoals lists the goals in force in a year.
func (h *Handler) ListGoals(c *gin.Context) error { return errPending }

// CreateGoal adds a goal or a city target.
func (h *Handler) CreateGoal(c *gin.Context) error { return errPending }

// UpdateGoal edits a goal.
func (h *Handler) UpdateGoal(c *gin.Context) error { return errPending }

// ListReports lists reported figures of a goal.
func (h *Handler) ListReports(c *gin.Context) error { return errPending }

// CreateReport records a reported figure.
func (h *Handler) CreateReport(c *gin.Context) error { return errPending }

// Rollup answers the year's totals against the goals.
func (h *Handler) Rollup(c *gin.Context) error { return errPending }

// RollupCities breaks one goal down by city.
func (h *Handler) RollupCities(c *gin.Context) error { return errPending }

// RollupMonths breaks one goal down by month.
func (h *Handler) RollupMonths(c *gin.Context) error { return errPending }

// RollupGroups answers the person-group mix of placements.
func (h *Handler) RollupGroups(c *gin.Context) error { return errPending }

// RollupExport downloads the report as an Excel workbook.
func (h *Handler) RollupExport(c *gin.Context) error { return errPending }
