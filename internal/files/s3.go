package files

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// S3Config names a bucket on an S3-compatible object store (MinIO, or a
// domestic cloud's object storage).
type S3Config struct {
	Endpoint  string // DUBAN_S3_ENDPOINT: http(s)://host:port, or host:port (HTTPS)
	Bucket    string // DUBAN_S3_BUCKET
	AccessKey string // DUBAN_S3_ACCESS_KEY
	SecretKey string // DUBAN_S3_SECRET_KEY
	Region    string // DUBAN_S3_REGION, optional
	PathStyle bool   // DUBAN_S3_PATH_STYLE: bucket in the path (MinIO) rather than the host name
}

// Enabled reports whether an object store is configured.
func (c S3Config) Enabled() bool { return c.Endpoint != "" }

// Validate names the missing setting.
func (c S3Config) Validate() error {
	if !c.Enabled() {
		return nil
	}
	for name, v := range map[string]string{"DUBAN_S3_BUCKET": c.Bucket, "DUBAN_S3_ACCESS_KEY": c.AccessKey, "DUBAN_S3_SECRET_KEY": c.SecretKey} {
		if v == "" {
			return fmt.Errorf("config: %s must be set when DUBAN_S3_ENDPOINT is", name)
		}
	}
	return nil
}

// S3 keeps files as objects named like the folder's paths (ab/cdef…).
type S3 struct {
	client *minio.Client
	bucket string
}

// OpenS3 connects to the object store and makes the bucket if it is missing.
func OpenS3(ctx context.Context, c S3Config) (*S3, error) {
	host, secure := c.Endpoint, true
	if u, err := url.Parse(c.Endpoint); err == nil && u.Host != "" {
		host, secure = u.Host, u.Scheme == "https"
	}
	lookup := minio.BucketLookupDNS
	if c.PathStyle {
		lookup = minio.BucketLookupPath
	}
	client, err := minio.New(host, &minio.Options{
		Creds: credentials.NewStaticV4(c.AccessKey, c.SecretKey, ""), Secure: secure,
		Region: c.Region, BucketLookup: lookup,
	})
	if err != nil {
		return nil, fmt.Errorf("files: s3 %s: %w", c.Endpoint, err)
	}
	// A MinIO that has just started answers "server not initialized" for a
	// few seconds after its health check passes: wait for it, as an
	// instance started beside its object store must.
	ok, err := client.BucketExists(ctx, c.Bucket)
	for wait := 0; err != nil && minio.ToErrorResponse(err).Code == "XMinioServerNotInitialized" && wait < 300; wait++ {
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("files: s3 bucket %s: %w", c.Bucket, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
		ok, err = client.BucketExists(ctx, c.Bucket)
	}
	if err != nil {
		return nil, fmt.Errorf("files: s3 bucket %s: %w", c.Bucket, err)
	}
	if !ok {
		if err := client.MakeBucket(ctx, c.Bucket, minio.MakeBucketOptions{Region: c.Region}); err != nil {
			// Another instance may have made it in the meantime.
			if exists, e2 := client.BucketExists(ctx, c.Bucket); e2 != nil || !exists {
				return nil, fmt.Errorf("files: s3 make bucket %s: %w", c.Bucket, err)
			}
		}
	}
	return &S3{client: client, bucket: c.Bucket}, nil
}

// Exists reports whether the object is there.
func (s *S3) Exists(ctx context.Context, key string) (bool, error) {
	_, err := s.client.StatObject(ctx, s.bucket, key, minio.StatObjectOptions{})
	if isNoSuchKey(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("files: s3 stat %s: %w", key, err)
	}
	return true, nil
}

// Put writes the object.
func (s *S3) Put(ctx context.Context, key string, data []byte, contentType string) error {
	_, err := s.client.PutObject(ctx, s.bucket, key, bytes.NewReader(data), int64(len(data)),
		minio.PutObjectOptions{ContentType: contentType})
	if err != nil {
		return fmt.Errorf("files: s3 put %s: %w", key, err)
	}
	return nil
}

// Get reads the object; errNotStored when there is none.
func (s *S3) Get(ctx context.Context, key string) ([]byte, error) {
	obj, err := s.client.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, fmt.Errorf("files: s3 get %s: %w", key, err)
	}
	defer obj.Close()
	b, err := io.ReadAll(io.LimitReader(obj, MaxSize+1))
	if isNoSuchKey(err) {
		return nil, errNotStored
	}
	if err != nil {
		return nil, fmt.Errorf("files: s3 get %s: %w", key, err)
	}
	return b, nil
}

var errNotStored = errors.New("files: not stored")

// Walk calls fn with the name and last change of every object whose name
// starts with prefix.
func (s *S3) Walk(ctx context.Context, prefix string, fn func(key string, modified time.Time) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops the listing when fn fails
	for obj := range s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		if obj.Err != nil {
			return fmt.Errorf("files: s3 list %s: %w", prefix, obj.Err)
		}
		if err := fn(obj.Key, obj.LastModified); err != nil {
			return err
		}
	}
	return nil
}

// Remove deletes the object; one that is not there is no error.
func (s *S3) Remove(ctx context.Context, key string) error {
	if err := s.client.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{}); err != nil && !isNoSuchKey(err) {
		return fmt.Errorf("files: s3 remove %s: %w", key, err)
	}
	return nil
}

func isNoSuchKey(err error) bool {
	if err == nil {
		return false
	}
	code := minio.ToErrorResponse(err).Code
	return code == "NoSuchKey" || code == "NotFound" || strings.Contains(err.Error(), "does not exist")
}
