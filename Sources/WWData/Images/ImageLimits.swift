/// Limits of the image readers, each checked before the memory it guards is allocated.
public enum ImageLimits {
    /// Most pixels one image may declare: PIL's decompression-bomb error threshold
    /// (2 x `Image.MAX_IMAGE_PIXELS` = 2 x 89,478,485). A PNG of a few hundred bytes can declare
    /// 100,000 x 100,000 pixels (30 GB of RGB); its header is refused before anything is decoded.
    public static let maxImagePixels = 178_956_970

    /// Most bytes of one image file read whole: a 179-megapixel image compresses to far less.
    public static let maxImageFileBytes = 1 << 30

    /// Most nested folders below a class folder (torchvision walks them all): deeper means a
    /// loop the (device, inode) check did not catch, such as a bind mount.
    public static let maxFolderDepth = 64

    /// Images decoded side by side between two progress reports and Ctrl-C polls: enough to keep
    /// both cores busy (a 500x375 JPEG takes about 2 ms) and a Ctrl-C answered within a fraction
    /// of a second.
    static let imagesPerChunk = 64

    /// Most pixels a resized or cropped image may have (the side of a sample): the data set's
    /// rows are limited by ``DataLimits/maxSampleElements`` anyway; this names the argument.
    public static let maxOutputSide = 16_384
}
