package handlers

import "github.com/gin-gonic/gin"

// ImportPlacements imports a placement list, all rows or none.
func (h *Handler) ImportPlacements(c *gin.Context) error { return errPending }

// ImportJobs imports a vacancy list, all rows or none.
func (h *Handler) ImportJobs(c *gin.Context) error { return errPending }

// PlacementTemplateCSV gives the empty placement template.
func (h *Handler) PlacementTemplateCSV(c *gin.Context) error { return errPending }

// PlacementTemplateXLSX gives the empty placement template.
func (h *Handler) PlacementTemplateXLSX(c *gin.Context) error { return errPending }

// JobTemplateCSV gives the empty vacancy template.
func (h *Handler) JobTemplateCSV(c *gin.Context) error { return errPending }

// JobTemplateXLSX gives the empty vacancy template.
func (h *Handler) JobTemplateXLSX(c *gin.Context) error { return errPending }

// ExportPlacements streams the placements of a filter as Excel.
func (h *Handler) ExportPlacements(c *gin.Context) error { return errPending }

// ExportJobs streams the vacancies of a filter as Excel.
func (h *Handler) ExportJobs(c *gin.Context) error { return errPending }
