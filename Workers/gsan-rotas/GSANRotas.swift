// placeholder
@main struct GSANRotasPlaceholder { static func main() {} }
