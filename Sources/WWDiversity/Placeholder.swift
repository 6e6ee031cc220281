enum WWDiversityModule {}  // replaced by the diversity module
