"""The export media: the worksheet's questions as files that LMSs and quiz games import
(Moodle XML, GIFT, a QTI 1.2 package for Canvas, Quizizz and Kahoot spreadsheets)."""
