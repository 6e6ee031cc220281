print("wwn")
