/**
 * The {@code upload} sample: Tornado's file_upload demo done properly — uploads streamed to disk in bounded
 * memory ({@code PUT /files/NAME}, a multipart {@code POST /}), served back with ranges and validators
 * ({@code GET /files/NAME}).
 */
@NullMarked
package dev.squall.samples.upload;

import org.jspecify.annotations.NullMarked;
