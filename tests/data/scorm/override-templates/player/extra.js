/* a course-specific player asset, copied byte for byte */
